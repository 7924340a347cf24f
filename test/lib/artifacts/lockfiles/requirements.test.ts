import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseRequirementsLock } from '../../../../lib/artifacts/lockfiles';

const FIXTURE = path.resolve(__dirname, '../../../fixtures/artifacts/lockfiles/requirements.lock');
const H = 'a'.repeat(64);

function errorOf(text: string): { code: string; message: string; details: Record<string, unknown> } {
  try {
    parseRequirementsLock(text, 'req.lock');
  } catch (err) {
    return err as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected RESOLVE_LOCKFILE_INVALID');
}

describe('parseRequirementsLock', () => {
  it('reads the committed hash-pinned lock: continuations, comments, markers, options', () => {
    const locked = parseRequirementsLock(readFileSync(FIXTURE, 'utf8'), 'requirements.lock');
    expect(locked).toEqual([
      {
        name: 'jaraco-functools',
        version: '4.1.0',
        line: 6,
        hashes: [
          { algorithm: 'sha256', hex: 'ad159f13428bc4acbf5541ad6dec511f91573b90fba04df61dafa2a1231cf649' },
        ],
      },
      {
        name: 'more-itertools',
        version: '10.5.0',
        line: 9,
        hashes: [
          { algorithm: 'sha256', hex: '037b0d3203ce90cca8ab1defbbdac29d5f993fc20131f3664dc8d6acfa872aef' },
        ],
      },
      {
        name: 'six',
        version: '1.16.0',
        line: 12,
        marker: 'python_version >= "3.8"',
        hashes: [
          { algorithm: 'sha256', hex: '8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254' },
        ],
      },
    ]);
  });

  it('keeps extras, several hashes, and normalises names (PEP 503)', () => {
    const [pkg] = parseRequirementsLock(
      `Requests[socks, security] == 2.32.3 --hash=sha256:${H} --hash=sha256:${'B'.repeat(64)}\n`,
      'x',
    );
    expect(pkg).toMatchObject({ name: 'requests', version: '2.32.3', extras: ['socks', 'security'] });
    expect(pkg?.hashes).toHaveLength(2);
    expect(pkg?.hashes[1]?.hex).toBe('b'.repeat(64));
  });

  it.each([
    ['not-pinned', `six>=1.16 --hash=sha256:${H}`, 1],
    ['not-pinned', `six==1.* --hash=sha256:${H}`, 1],
    ['not-pinned', `six @ https://example.invalid/six.whl --hash=sha256:${H}`, 1],
    ['hash-missing', '# header\n\nsix==1.16.0', 3],
    ['hash-missing', `six==1.16.0 --hash=sha512:${'c'.repeat(128)}`, 1],
    ['hash-malformed', 'six==1.16.0 \\\n    --hash=sha256:abc', 1],
    ['hash-malformed', 'six==1.16.0 --hash=md5:d41d8cd98f00b204e9800998ecf8427e', 1],
    ['option-unsupported', '-r other.txt', 1],
    ['option-unsupported', `-e git+https://example.invalid/x.git#egg=x`, 1],
    ['duplicate', `six==1.16.0 --hash=sha256:${H}\nSix==1.15.0 --hash=sha256:${H}`, 2],
  ])('%s: %j fails with file:line', (rule, text, line) => {
    const err = errorOf(text);
    expect(err.code).toBe('RESOLVE_LOCKFILE_INVALID');
    expect(err.details).toEqual({ file: 'req.lock', line, rule });
    expect(err.message.startsWith(`req.lock:${line}: ${rule}`)).toBe(true);
  });

  it('allows one name twice under different markers', () => {
    const text = `x==1 ; python_version < "3.9" --hash=sha256:${H}\nx==2 ; python_version >= "3.9" --hash=sha256:${H}\n`;
    expect(parseRequirementsLock(text, 'x').map((p) => p.version)).toEqual(['1', '2']);
  });
});
