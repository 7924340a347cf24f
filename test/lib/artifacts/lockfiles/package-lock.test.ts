import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePackageLock } from '../../../../lib/artifacts/lockfiles';

// Written by `npm install --package-lock-only --omit-lockfile-registry-resolved=false` (npm 11)
// for the package.json next to it.
const FIXTURE = path.resolve(__dirname, '../../../fixtures/artifacts/lockfiles/package-lock.json');
const text = readFileSync(FIXTURE, 'utf8');
const SRI = 'sha512-' + Buffer.alloc(64, 1).toString('base64');

function errorOf(doc: unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    parsePackageLock(typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2), 'lock.json');
  } catch (err) {
    return err as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected RESOLVE_LOCKFILE_INVALID');
}

describe('parsePackageLock', () => {
  it('reads a real v3 lockfile: names from paths, versions, sha512 integrity as hex', () => {
    const locked = parsePackageLock(text, 'package-lock.json');
    expect(locked.map((p) => `${p.name}@${p.version}`)).toEqual([
      '@types/node@26.6.6',
      '@types/yauzl@2.10.3',
      'is-number@6.0.0',
      'is-odd@3.0.1',
      'undici-types@8.9.0',
    ]);
    const isOdd = locked.find((p) => p.name === 'is-odd');
    expect(isOdd).toMatchObject({
      path: 'node_modules/is-odd',
      resolved: 'https://registry.npmjs.org/is-odd/-/is-odd-3.0.1.tgz',
      line: 42,
    });
    expect(isOdd?.hashes).toEqual([
      {
        algorithm: 'sha512',
        hex: Buffer.from(
          'CQpnWPrDwmP1+SMHXZhtLtJv90yiyVfluGsX5iNCVkrhQtU3TQHsUWPG9wkdk9Lgd5yNpAg9jQEo90CBaXgWMA==',
          'base64',
        ).toString('hex'),
      },
    ]);
  });

  it('skips the root, links, workspace folders and bundled entries; keeps nested paths and aliases', () => {
    const locked = parsePackageLock(
      JSON.stringify({
        lockfileVersion: 2,
        packages: {
          '': { name: 'root' },
          'packages/a': { name: 'a', version: '1.0.0' },
          'node_modules/a': { resolved: 'packages/a', link: true },
          'node_modules/b': {
            version: '2.0.0',
            integrity: `sha1-${Buffer.alloc(20).toString('base64')} ${SRI}`,
            dev: true,
          },
          'node_modules/b/node_modules/c': { version: '3.0.0', integrity: SRI },
          'node_modules/b/node_modules/d': { version: '4.0.0', inBundle: true },
          'node_modules/alias': { name: 'real-name', version: '5.0.0', integrity: SRI, optional: true },
        },
      }),
      'x',
    );
    expect(locked.map((p) => [p.name, p.version, p.hashes.map((h) => h.algorithm).join('+')])).toEqual([
      ['b', '2.0.0', 'sha1+sha512'],
      ['c', '3.0.0', 'sha512'],
      ['real-name', '5.0.0', 'sha512'],
    ]);
    expect(locked[0]?.dev).toBe(true);
    expect(locked[2]?.optional).toBe(true);
  });

  it.each([
    ['lockfile-version', { lockfileVersion: 1, dependencies: {} }, 2],
    ['packages-missing', { lockfileVersion: 3 }, 1],
    ['version-missing', { lockfileVersion: 3, packages: { 'node_modules/x': { integrity: SRI } } }, 4],
    ['integrity-missing', { lockfileVersion: 3, packages: { 'node_modules/x': { version: '1.0.0' } } }, 4],
    [
      'integrity-malformed',
      { lockfileVersion: 3, packages: { 'node_modules/x': { version: '1', integrity: 'sha512-abc' } } },
      4,
    ],
    [
      'integrity-weak',
      {
        lockfileVersion: 3,
        packages: {
          'node_modules/x': { version: '1', integrity: `sha1-${Buffer.alloc(20).toString('base64')}` },
        },
      },
      4,
    ],
    ['json', '{\n  "lockfileVersion": 3,\n  oops\n}', 3],
  ])('%s fails with file:line', (rule, doc, line) => {
    const err = errorOf(doc);
    expect(err.code).toBe('RESOLVE_LOCKFILE_INVALID');
    expect(err.details).toEqual({ file: 'lock.json', line, rule });
    expect(err.message.startsWith(`lock.json:${line}: ${rule}`)).toBe(true);
  });
});
