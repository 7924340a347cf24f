import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exec } from '../../../runner-agents/linux/exec';
import {
  buildRelease,
  completeReleases,
  currentReleaseName,
  flipRelease,
  markReleaseRestarted,
  nodeReleasePaths,
  populateNpmCache,
  readReleaseJournal,
  reconcileRelease,
  rollbackRelease,
  type CachedTarball,
} from '../../../runner-agents/linux/node-release';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'artifacts', 'packages');
const IS_NUMBER = path.join(FIXTURES, 'is-number-7.0.0.tgz');
const IS_ODD = path.join(FIXTURES, 'is-odd-3.0.1.tgz');

/** A lockfile v3 with registry `resolved` URLs and the tarballs' integrity (what npm ci --offline needs). */
function lockfile(cached: CachedTarball[]): string {
  const integrity = (t: string) => cached.find((c) => c.tarball === t)?.integrity;
  const entry = (name: string, version: string, tarball: string, extra: object = {}) => ({
    version,
    resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
    integrity: integrity(tarball),
    license: 'MIT',
    ...extra,
  });
  const deps = { 'is-number': '7.0.0', 'is-odd': '3.0.1' };
  return `${JSON.stringify(
    {
      name: 'demo-app',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'demo-app', version: '1.0.0', dependencies: deps },
        'node_modules/is-number': entry('is-number', '7.0.0', IS_NUMBER, { engines: { node: '>=0.12.0' } }),
        'node_modules/is-odd': entry('is-odd', '3.0.1', IS_ODD, {
          dependencies: { 'is-number': '^6.0.0' },
          engines: { node: '>=4' },
        }),
      },
    },
    null,
    2,
  )}\n`;
}

describe('Node releases: npm ci --offline beside, flip atomically, roll back in one rename (real npm)', () => {
  let dir: string;
  let cache: string;
  let cached: CachedTarball[];
  const savedRegistry = process.env.npm_config_registry;
  const paths = () => nodeReleasePaths(path.join(dir, 'svc'));
  const writeApp = (tag: string, appVersion: string, extraDeps: Record<string, string> = {}) => {
    const src = path.join(dir, `src-${tag}`);
    fs.mkdirSync(src, { recursive: true });
    const pkg = {
      name: 'demo-app',
      version: '1.0.0',
      private: true,
      dependencies: { 'is-number': '7.0.0', 'is-odd': '3.0.1', ...extraDeps },
      // is-odd@3.0.1 asks for is-number ^6; the service pins it to the one verified 7.0.0 tarball.
      overrides: { 'is-odd': { 'is-number': '$is-number' } },
    };
    fs.writeFileSync(path.join(src, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    fs.writeFileSync(path.join(src, 'package-lock.json'), lockfile(cached));
    fs.writeFileSync(
      path.join(src, 'index.js'),
      `const isOdd = require('is-odd');\nmodule.exports = { VERSION: '${appVersion}', odd: isOdd(3) };\n`,
    );
    return src;
  };
  const onCurrent = async () =>
    (
      await exec([process.execPath, '-e', 'const m = require("./index.js"); console.log(m.VERSION, m.odd)'], {
        cwd: paths().current,
      })
    ).stdout.trim();

  beforeAll(async () => {
    // Any registry request would fail: proves the build is offline.
    process.env.npm_config_registry = 'http://127.0.0.1:9';
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-node-release-'));
    cache = path.join(dir, 'npm-cache');
    cached = await populateNpmCache(cache, [IS_NUMBER, IS_ODD]);
  });
  afterAll(() => {
    if (savedRegistry === undefined) delete process.env.npm_config_registry;
    else process.env.npm_config_registry = savedRegistry;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('populateNpmCache reports the integrity a lockfile must carry', () => {
    expect(cached.map((c) => path.basename(c.tarball))).toEqual(['is-number-7.0.0.tgz', 'is-odd-3.0.1.tgz']);
    for (const c of cached) expect(c.integrity).toMatch(/^sha512-[A-Za-z0-9+/]+=*$/);
  });

  it('builds, flips, updates and rolls back; the journal follows every step', async () => {
    const first = await buildRelease(paths(), {
      source: writeApp('v1', '1.0.0'),
      npmCache: cache,
      audit: ['is-odd'],
    });
    expect(first.packages).toEqual({ 'is-number': '7.0.0', 'is-odd': '3.0.1' });
    expect(currentReleaseName(paths())).toBeUndefined(); // built, not yet in use
    expect(readReleaseJournal(paths())).toMatchObject({
      state: 'built',
      release: first.name,
      previous: null,
    });
    flipRelease(paths(), first.name);
    markReleaseRestarted(paths());
    expect(await onCurrent()).toBe('1.0.0 true');

    const second = await buildRelease(paths(), {
      source: writeApp('v2', '2.0.0'),
      npmCache: cache,
      audit: ['is-odd', 'is-number'],
    });
    expect(currentReleaseName(paths())).toBe(first.name); // the old one serves while the new one is built
    flipRelease(paths(), second.name);
    expect(fs.lstatSync(paths().current).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(paths().current)).toBe(path.join('releases', second.name));
    expect(await onCurrent()).toBe('2.0.0 true');
    expect(readReleaseJournal(paths())).toMatchObject({
      state: 'flipped',
      release: second.name,
      previous: first.name,
    });

    const back = rollbackRelease(paths());
    expect(back).toMatchObject({ state: 'rolled_back', release: first.name, previous: second.name });
    expect(await onCurrent()).toBe('1.0.0 true');
    expect(completeReleases(paths())).toEqual([first.name, second.name]); // both kept
    expect(fs.existsSync(path.join(paths().release(second.name), 'node_modules', 'is-odd'))).toBe(true);
  });

  it('a failing npm ci (tarball missing from the cache) leaves current untouched; reconcile removes the leftovers', async () => {
    const before = currentReleaseName(paths());
    const partial = path.join(dir, 'partial-cache');
    await populateNpmCache(partial, [IS_NUMBER]); // is-odd missing
    await expect(
      buildRelease(paths(), { source: writeApp('v3', '3.0.0'), npmCache: partial, audit: [] }),
    ).rejects.toMatchObject({ code: 'NODE_RELEASE_INSTALL_FAILED' });
    expect(currentReleaseName(paths())).toBe(before);
    expect(await onCurrent()).toBe('1.0.0 true');
    const journal = readReleaseJournal(paths());
    expect(journal).toMatchObject({ state: 'building', previous: before });
    const leftover = journal?.release ?? '';
    expect(fs.existsSync(paths().release(leftover))).toBe(true);
    expect(() => flipRelease(paths(), leftover)).toThrow(
      expect.objectContaining({ code: 'NODE_RELEASE_LAYOUT_INVALID' }),
    );

    expect(reconcileRelease(paths())).toEqual({
      action: 'removed-incomplete',
      removed: leftover,
      current: before,
    });
    expect(fs.existsSync(paths().release(leftover))).toBe(false);
    expect(readReleaseJournal(paths())).toMatchObject({ state: 'aborted', release: leftover });
    expect(reconcileRelease(paths())).toEqual({ action: 'none', current: before });
  });

  it('a failing require audit refuses the release', async () => {
    await expect(
      buildRelease(paths(), {
        source: writeApp('v4', '4.0.0'),
        npmCache: cache,
        audit: ['is-odd', 'not-installed'],
      }),
    ).rejects.toMatchObject({ code: 'NODE_RELEASE_REQUIRE_AUDIT_FAILED' });
    expect(await onCurrent()).toBe('1.0.0 true');
    expect(reconcileRelease(paths())).toMatchObject({ action: 'removed-incomplete' });
  });

  it('refuses a source without a lockfile and a rollback with nothing earlier', async () => {
    const src = path.join(dir, 'no-lock');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'package.json'), '{}\n');
    await expect(buildRelease(paths(), { source: src, npmCache: cache, audit: [] })).rejects.toMatchObject({
      code: 'NODE_RELEASE_SOURCE_INVALID',
    });
    const empty = nodeReleasePaths(path.join(dir, 'empty'));
    expect(() => rollbackRelease(empty)).toThrow(
      expect.objectContaining({ code: 'NODE_RELEASE_NO_PREVIOUS' }),
    );
  });

  it('a crash after a flip asks for a restart on current', () => {
    const [first, second] = completeReleases(paths());
    flipRelease(paths(), second ?? '');
    expect(reconcileRelease(paths())).toEqual({ action: 'restart-needed', current: second, previous: first });
  });
});
