import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../../lib/net';
import { BlueGreenDeployment, type Slot } from '../../../runner-agents/linux/blue-green';
import {
  completeEnvironments,
  currentVenvName,
  pythonEnvPaths,
} from '../../../runner-agents/linux/python-env';
import { ProcessDriver, type ProcessServiceSpec } from '../../../runner-agents/linux/services/process-driver';
import { RouterClient, startRouter, type RouterHandle } from '../../../runner-agents/linux/traffic-router';
import { DEMO_APP, demoServiceFixture, type DemoServiceFixture } from '../demo-service-fixture';
import { installInitialEnvironment } from '../../support/python-env';
import { waitFor } from '../../support/temporal';

describe('blue/green of the demo service behind the real traffic router (real venvs, processes, HTTP)', () => {
  let f: DemoServiceFixture;
  let router: RouterHandle;
  let client: RouterClient;
  let bg: BlueGreenDeployment;
  const ports: Record<Slot, number> = { a: 0, b: 0 };
  const slotSpec = (slot: Slot, envDir: string): ProcessServiceSpec => ({
    name: `demo-api@${slot}`,
    command: ['{venv}/bin/python', DEMO_APP],
    cwd: f.dir,
    env: { PORT: String(ports[slot]) },
    stateDir: path.join(f.dir, 'slots'),
    envDir,
    healthUrl: `http://127.0.0.1:${ports[slot]}/health`,
    healthTimeoutMs: 8000,
  });
  const served = async () =>
    ((await (await fetch(`${router.url}/health`)).json()) as { demo_lib: string }).demo_lib;
  const slotRunning = (slot: Slot) => new ProcessDriver(slotSpec(slot, f.envRoot)).status().running;

  beforeAll(async () => {
    f = await demoServiceFixture();
    ports.a = await freePort();
    ports.b = await freePort();
    // the service's first environment (1.0.0), current before blue/green starts
    await installInitialEnvironment({
      envRoot: f.envRoot,
      lockfile: f.lock('1.0.0'),
      store: f.store,
      stagingDir: f.staging,
    });
    router = await startRouter({
      service: 'demo-api',
      listen: { host: '127.0.0.1', port: 0 },
      socketPath: path.join(f.dir, 'router.sock'),
      stateFile: path.join(f.dir, 'router-state.json'),
      upstreams: { blue: `http://127.0.0.1:${ports.a}` },
    });
    client = new RouterClient(router.socketPath);
    bg = new BlueGreenDeployment({
      name: 'demo-api',
      envRoot: f.envRoot,
      audit: ['demo_lib'],
      store: f.store,
      stateDir: path.join(f.dir, 'bluegreen'),
      stagingDir: f.staging,
      router: client,
      slotSpec,
      slotUrl: (slot) => `http://127.0.0.1:${ports[slot]}`,
      shadow: { sample: 1, ignore_fields: ['demo_lib', 'prefix', 'uptime_s'] },
    });
    fs.mkdirSync(path.join(f.dir, 'bluegreen'), { recursive: true });
  });
  afterAll(async () => {
    for (const slot of ['a', 'b'] as const) await new ProcessDriver(slotSpec(slot, f.envRoot)).stop();
    await router?.stop();
    await f?.dispose();
  });

  it('stages green beside blue, mirrors and compares, promotes atomically, and rolls back to a warm blue', async () => {
    await bg.ensureLive();
    expect(await served()).toBe('1.0.0');
    const staged = await bg.stage(f.lock('1.0.1'));
    expect(staged).toMatchObject({ status: 'staged', slot: 'b' });
    expect(await served()).toBe('1.0.0'); // green takes no live traffic yet
    for (let i = 0; i < 20; i++) await served();
    const deadline = Date.now() + 5000;
    let report = await client.compare();
    while (report.samples < 20 && Date.now() < deadline) report = await client.compare();
    expect(report.samples).toBeGreaterThanOrEqual(20);
    expect(report).toMatchObject({ status_mismatches: 0, body_mismatches: 0, green_errors: 0 });

    const before = currentVenvName(pythonEnvPaths(f.envRoot));
    await bg.promote();
    expect(await served()).toBe('1.0.1');
    expect(currentVenvName(pythonEnvPaths(f.envRoot))).toBe((staged as { env: string }).env);
    expect(slotRunning('a')).toBe(true); // blue stays warm

    const back = await bg.rollback();
    expect(back.trafficBackMs).toBeLessThan(500);
    expect(await served()).toBe('1.0.0');
    expect(currentVenvName(pythonEnvPaths(f.envRoot))).toBe(before);
    expect(slotRunning('b')).toBe(false);
    expect((await client.state()).upstreams.green).toBeNull();
    expect(bg.state()).toMatchObject({ live: 'a', candidate: null, promoted: null });
  });

  it('commit makes green the live slot and stops the old blue', async () => {
    const staged = await bg.stage(f.lock('1.0.1'));
    expect(staged.status).toBe('staged');
    await bg.promote();
    const s = await bg.commit();
    expect(s).toMatchObject({ live: 'b', candidate: null, promoted: null });
    expect(slotRunning('a')).toBe(false);
    const state = await client.state();
    expect(state).toMatchObject({
      active: 'blue',
      upstreams: { blue: `http://127.0.0.1:${ports.b}`, green: null },
    });
    expect(await served()).toBe('1.0.1');
  });

  it('a candidate that cannot start is dropped: traffic never moves, its environment is removed, artifacts reported', async () => {
    const envsBefore = completeEnvironments(pythonEnvPaths(f.envRoot));
    const r = await bg.stage(f.lock('1.0.3')); // imports fine, exits at start
    expect(r.status).toBe('failed');
    expect((r as { badArtifacts: string[] }).badArtifacts).toEqual([expect.stringContaining('demo_lib')]);
    expect(await served()).toBe('1.0.1');
    expect(completeEnvironments(pythonEnvPaths(f.envRoot))).toEqual(envsBefore);
    expect(bg.state().candidate).toBeNull();
    expect((await client.state()).upstreams.green).toBeNull();
  });

  it('promote refuses a green that crashed or hung after the shadow window: traffic stays on blue, the abort stops green', async () => {
    const green = (slot: Slot) => new ProcessDriver(slotSpec(slot, f.envRoot));
    for (const fault of ['crashed', 'hung'] as const) {
      const staged = await bg.stage(f.lock('1.0.0'));
      expect(staged).toMatchObject({ status: 'staged', slot: 'a' });
      const pid = green('a').status().state?.pid as number;
      if (fault === 'crashed') {
        process.kill(-pid, 'SIGKILL');
        await waitFor('green gone', async () => !green('a').status().running || undefined, 5000);
        await expect(bg.promote()).rejects.toMatchObject({ code: 'BLUEGREEN_CANDIDATE_DOWN' });
      } else {
        process.kill(-pid, 'SIGSTOP'); // still running, answers nothing
        try {
          await expect(bg.promote()).rejects.toMatchObject({ code: 'BLUEGREEN_CANDIDATE_UNHEALTHY' });
        } finally {
          process.kill(-pid, 'SIGCONT');
        }
      }
      expect(await client.state()).toMatchObject({ active: 'blue' });
      expect(await served()).toBe('1.0.1');
      expect(bg.state().promoted).toBeNull();
      await bg.abort();
      expect(slotRunning('a')).toBe(false);
      expect(await client.state()).toMatchObject({ active: 'blue', upstreams: { green: null } });
    }
  });

  it('after an abort, blue serves 100% and green is stopped; promote without a candidate is refused', async () => {
    await bg.stage(f.lock('1.0.0'));
    await bg.abort();
    const answers = await Promise.all(Array.from({ length: 20 }, () => served()));
    expect(new Set(answers)).toEqual(new Set(['1.0.1']));
    expect(slotRunning('a')).toBe(false);
    expect(await client.state()).toMatchObject({ active: 'blue', upstreams: { green: null } });
    await expect(bg.promote()).rejects.toMatchObject({ code: 'BLUEGREEN_NO_CANDIDATE' });
  });
});
