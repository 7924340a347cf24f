import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exec } from '../../../runner-agents/linux/exec';
import {
  buildEnvironment,
  completeEnvironments,
  currentVenvName,
  flipTo,
  markRestarted,
  pythonEnvPaths,
  PythonEnvError,
  readJournal,
  reconcile,
  rollback,
} from '../../../runner-agents/linux/python-env';
import { makeWheel } from '../../support/wheels';

describe('Python environments: build beside, flip atomically, roll back in one rename (real pip)', () => {
  let dir: string;
  let wheels: string;
  let v1: string;
  let v2: string;
  const paths = () => pythonEnvPaths(path.join(dir, 'svc'));
  const lock = (name: string, version: string, sha: string, tag = version) => {
    const f = path.join(dir, `req-${tag}.lock`);
    fs.writeFileSync(f, `${name}==${version} \\\n    --hash=sha256:${sha}\n`);
    return f;
  };
  const versionOnCurrent = async () =>
    (
      await exec([
        path.join(paths().current, 'bin', 'python'),
        '-c',
        'import demo_lib; print(demo_lib.VERSION)',
      ])
    ).stdout.trim();

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-pyenv-'));
    wheels = path.join(dir, 'wheels');
    fs.mkdirSync(wheels);
    v1 = lock(
      'demo-lib',
      '1.0.0',
      makeWheel(wheels, 'demo_lib', '1.0.0', { 'demo_lib/__init__.py': 'VERSION = "1.0.0"\n' }).sha256,
    );
    v2 = lock(
      'demo-lib',
      '1.0.1',
      makeWheel(wheels, 'demo_lib', '1.0.1', { 'demo_lib/__init__.py': 'VERSION = "1.0.1"\n' }).sha256,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds, flips, updates and rolls back; the journal follows every step', async () => {
    const first = await buildEnvironment(paths(), { lockfile: v1, findLinks: wheels, audit: ['demo_lib'] });
    expect(first.packages).toEqual({ demo_lib: '1.0.0' });
    expect(currentVenvName(paths())).toBeUndefined(); // built, not yet in use
    flipTo(paths(), first.name);
    markRestarted(paths());
    expect(await versionOnCurrent()).toBe('1.0.0');

    const second = await buildEnvironment(paths(), { lockfile: v2, findLinks: wheels, audit: ['demo_lib'] });
    expect(currentVenvName(paths())).toBe(first.name); // the old one serves while the new one is built
    flipTo(paths(), second.name);
    expect(fs.lstatSync(paths().current).isSymbolicLink()).toBe(true);
    expect(await versionOnCurrent()).toBe('1.0.1');
    expect(readJournal(paths())).toMatchObject({ state: 'flipped', venv: second.name, previous: first.name });

    const back = rollback(paths());
    expect(back).toMatchObject({ state: 'rolled_back', venv: first.name, previous: second.name });
    expect(await versionOnCurrent()).toBe('1.0.0');
    expect(completeEnvironments(paths())).toEqual([first.name, second.name]); // both kept
  });

  it('a failing install or import audit leaves the current environment untouched', async () => {
    const before = currentVenvName(paths());
    const wrongHash = lock('demo-lib', '1.0.1', 'ab'.repeat(32), 'wrong-hash');
    await expect(
      buildEnvironment(paths(), { lockfile: wrongHash, findLinks: wheels, audit: [] }),
    ).rejects.toMatchObject({
      code: 'PYENV_INSTALL_FAILED',
    });
    expect(reconcile(paths())).toMatchObject({ action: 'removed-incomplete', current: before });
    await expect(
      buildEnvironment(paths(), {
        lockfile: v2,
        findLinks: wheels,
        audit: ['demo_lib', 'not_installed_module'],
      }),
    ).rejects.toBeInstanceOf(PythonEnvError);
    expect(currentVenvName(paths())).toBe(before);
    const r = reconcile(paths());
    expect(r.action).toBe('removed-incomplete');
    expect(fs.existsSync(paths().venv((r as { removed: string }).removed))).toBe(false);
    expect(await versionOnCurrent()).toBe('1.0.0');
  });

  it('refuses to flip to an incomplete environment; rollback undoes the last flip, and needs one', async () => {
    fs.mkdirSync(paths().venv('venv_99990101T000000000Z'), { recursive: true });
    expect(() => flipTo(paths(), 'venv_99990101T000000000Z')).toThrow(PythonEnvError);
    fs.rmSync(paths().venv('venv_99990101T000000000Z'), { recursive: true });
    const [oldest, newest] = completeEnvironments(paths());
    flipTo(paths(), newest as string);
    flipTo(paths(), oldest as string);
    expect(rollback(paths())).toMatchObject({ venv: newest, previous: oldest });
    // a service with a single environment has nothing to go back to
    const lone = pythonEnvPaths(path.join(dir, 'lone'));
    const only = await buildEnvironment(lone, { lockfile: v1, findLinks: wheels, audit: [] });
    flipTo(lone, only.name);
    expect(() => rollback(lone)).toThrow(expect.objectContaining({ code: 'PYENV_NO_PREVIOUS' }));
  });

  it('after a crash between flip and restart, reconcile asks for the restart on the new environment', async () => {
    const built = await buildEnvironment(paths(), { lockfile: v2, findLinks: wheels, audit: ['demo_lib'] });
    flipTo(paths(), built.name);
    expect(reconcile(paths())).toEqual({
      action: 'restart-needed',
      current: built.name,
      previous: expect.any(String),
    });
    markRestarted(paths());
    expect(reconcile(paths()).action).toBe('none');
  });
});
