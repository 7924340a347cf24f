import path from 'node:path';
import { freePort } from '../../../lib/net';
import { LinuxRunner } from '../../../runner-agents/linux/linux-runner';
import { ProcessDriver } from '../../../runner-agents/linux/services/process-driver';
import { startRouter, type RouterHandle } from '../../../runner-agents/linux/traffic-router';
import { DEMO_APP, demoServiceFixture, type DemoServiceFixture } from '../demo-service-fixture';
import { installInitialEnvironment } from '../../support/python-env';

describe('LinuxRunner.deploy: blue/green steps of a configured service (real router, venvs, processes)', () => {
  let f: DemoServiceFixture;
  let router: RouterHandle;
  let runner: LinuxRunner;
  const slots = { a: 0, b: 0 };
  const svc = { name: 'demo-api' };
  const served = async () =>
    ((await (await fetch(`${router.url}/health`)).json()) as { demo_lib: string }).demo_lib;

  beforeAll(async () => {
    f = await demoServiceFixture();
    slots.a = await freePort();
    slots.b = await freePort();
    await installInitialEnvironment({
      envRoot: f.envRoot,
      lockfile: f.lock('1.0.0'),
      store: f.store,
      stagingDir: f.staging,
    });
    router = await startRouter({
      service: 'demo-api',
      listen: { host: '127.0.0.1', port: 0 },
      socketPath: path.join(f.dir, 'r.sock'),
      stateFile: path.join(f.dir, 'r.json'),
      upstreams: { blue: `http://127.0.0.1:${slots.a}` },
    });
    runner = new LinuxRunner({
      services: [
        {
          name: 'demo-api',
          process: {
            name: 'demo-api',
            command: ['{venv}/bin/python', DEMO_APP],
            cwd: f.dir,
            stateDir: path.join(f.dir, 'run'),
            venvRoot: f.envRoot,
            healthTimeoutMs: 8000,
          },
          python: { envRoot: f.envRoot, audit: ['demo_lib'] },
          blueGreen: {
            routerSocket: router.socketPath,
            slots,
            shadow: { sample: 1, ignore_fields: ['demo_lib', 'prefix', 'uptime_s'] },
          },
        },
      ],
      store: f.store,
      workDir: path.join(f.dir, 'work'),
    });
  });
  afterAll(async () => {
    for (const slot of ['a', 'b']) {
      await new ProcessDriver({
        name: `demo-api@${slot}`,
        command: [],
        cwd: f.dir,
        stateDir: path.join(f.dir, 'run'),
      }).stop();
    }
    await router?.stop();
    await f?.dispose();
  });

  it('stage → status (shadow compare + stats) → promote → rollback, each a Runner API call', async () => {
    const staged = await runner.deploy(svc, 'stage', f.lock('1.0.1'));
    expect(staged).toMatchObject({
      service: 'demo-api',
      step: 'stage',
      status: 'staged',
      detail: { slot: 'b' },
    });
    for (let i = 0; i < 10; i++) expect(await served()).toBe('1.0.0');
    await new Promise((r) => setTimeout(r, 200));
    const status = await runner.deploy(svc, 'status');
    const compare = status.detail.compare as { samples: number; body_mismatches: number };
    expect(compare.samples).toBeGreaterThanOrEqual(10);
    expect(compare.body_mismatches).toBe(0);
    expect(status.detail.stats).toBeDefined();
    await runner.deploy(svc, 'promote');
    expect(await served()).toBe('1.0.1');
    const back = await runner.deploy(svc, 'rollback');
    expect(back.detail.traffic_back_ms as number).toBeLessThan(500);
    expect(await served()).toBe('1.0.0');
  });

  it('a missing lockfile fails the stage step; a service without blue/green is refused', async () => {
    expect(await runner.deploy(svc, 'stage')).toMatchObject({
      status: 'failed',
      detail: { error: { code: 'DEPLOY_NO_LOCKFILE' } },
    });
    const plain = new LinuxRunner({ services: [], workDir: path.join(f.dir, 'work2') });
    await expect(plain.deploy(svc, 'status')).rejects.toMatchObject({ code: 'RUNNER_UNKNOWN_SERVICE' });
  });
});
