import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  currentVenvName,
  pythonEnvPaths,
  readJournal,
  rollback,
} from '../../../runner-agents/linux/python-env';
import { reconcilePythonService, updatePythonEnvironment } from '../../../runner-agents/linux/python-update';
import { demoServiceFixture, type DemoServiceFixture } from '../demo-service-fixture';

const child = path.join(__dirname, 'update-child.js');

/** Runs an update in a separate runner process and SIGKILLs it when it reaches `step`. */
async function killAt(f: DemoServiceFixture, version: string, step: string): Promise<void> {
  const proc: ChildProcess = spawn(process.execPath, [child, f.setupFile, version, step], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes(`PAUSED ${step}`)) resolve();
    });
    proc.on('exit', (code) => reject(new Error(`runner exited ${code} before ${step}: ${out} ${err}`)));
  });
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGKILL');
  await exited;
}

describe('atomicity under SIGKILL of the runner at each point of an apply (real processes)', () => {
  let f: DemoServiceFixture;
  const paths = () => pythonEnvPaths(f.envRoot);
  const venvs = () => fs.readdirSync(paths().venvs).sort();
  /** The service answers, and from exactly the environment venv_current names. */
  const servesCurrentEnvironmentOnly = async (expected: string) => {
    expect(await f.served()).toBe(expected);
    const state = f.driver.readState();
    expect(state?.venv).toBe(fs.realpathSync(paths().current));
  };

  beforeAll(async () => {
    f = await demoServiceFixture();
    const base = await updatePythonEnvironment({
      envRoot: f.envRoot,
      lockfile: f.lock('1.0.0'),
      store: f.store,
      driver: f.driver,
      audit: ['demo_lib'],
      stagingDir: f.staging,
    });
    expect(base.status).toBe('applied');
  });
  afterAll(async () => f?.dispose());

  it('killed after the new environment is built, before the flip → stays entirely on the old one', async () => {
    const before = venvs();
    await killAt(f, '1.0.1', 'built');
    expect(await f.served()).toBe('1.0.0'); // never interrupted
    expect(venvs()).toHaveLength(before.length + 1); // the built one is left behind…
    expect(await reconcilePythonService(f.envRoot, f.driver)).toMatchObject({ action: 'removed-incomplete' });
    expect(venvs()).toEqual(before); // …until reconciliation removes it
    await servesCurrentEnvironmentOnly('1.0.0');
  });

  it('killed after the flip, before the restart → the old process keeps its environment; reconcile moves it to the new one', async () => {
    await killAt(f, '1.0.1', 'flipped');
    // the running process started on the old environment's real path: no mix
    expect(await f.served()).toBe('1.0.0');
    expect(readJournal(paths())?.state).toBe('flipped');
    expect(await reconcilePythonService(f.envRoot, f.driver)).toMatchObject({
      action: 'restarted-on-current',
    });
    await servesCurrentEnvironmentOnly('1.0.1');
    expect(readJournal(paths())?.state).toBe('restarted');
  });

  it('killed during the restart (service stopped) → reconcile starts it on the new environment', async () => {
    await killAt(f, '1.0.0', 'stopped');
    await expect(f.served()).rejects.toThrow(); // down
    expect(await reconcilePythonService(f.envRoot, f.driver)).toMatchObject({
      action: 'restarted-on-current',
    });
    await servesCurrentEnvironmentOnly('1.0.0');
  });

  it('killed during the restart onto a broken environment → reconcile rolls back to the old one', async () => {
    await killAt(f, '1.0.3', 'stopped');
    expect(await reconcilePythonService(f.envRoot, f.driver)).toMatchObject({ action: 'rolled-back' });
    await servesCurrentEnvironmentOnly('1.0.0');
  });

  it('an interrupted rollback (flipped back, not restarted) is finished by reconcile', async () => {
    const onNew = await updatePythonEnvironment({
      envRoot: f.envRoot,
      lockfile: f.lock('1.0.1'),
      store: f.store,
      driver: f.driver,
      audit: ['demo_lib'],
      stagingDir: f.staging,
    });
    expect(onNew.status).toBe('applied');
    rollback(paths()); // the runner dies right after this rename
    expect(await f.served()).toBe('1.0.1');
    expect(await reconcilePythonService(f.envRoot, f.driver)).toMatchObject({
      action: 'restarted-on-current',
    });
    await servesCurrentEnvironmentOnly('1.0.0');
    expect(currentVenvName(paths())).toBe(onNew.previous);
  });
});
