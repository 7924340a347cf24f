import path from 'node:path';
import { freePort } from '../../../lib/net';
import type { BlueGreenServiceConfig } from '../../../runner-agents/linux/blue-green';
import { LinuxRunner } from '../../../runner-agents/linux/linux-runner';
import { ProcessDriver } from '../../../runner-agents/linux/services/process-driver';
import { startRouter, type RouterHandle } from '../../../runner-agents/linux/traffic-router';
import { installInitialEnvironment } from '../../support/python-env';
import { DEMO_APP, demoServiceFixture, type DemoServiceFixture } from '../demo-service-fixture';

export interface BlueGreenRunnerFixture {
  f: DemoServiceFixture;
  router: RouterHandle;
  runner: LinuxRunner;
  slots: { a: number; b: number };
  /** The supervised process of a slot (`demo-api@a` / `demo-api@b`), for status and stop. */
  slotDriver(slot: 'a' | 'b'): ProcessDriver;
  /** The demo_lib version the router's live upstream answers with. */
  served(): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * The demo service (first environment demo_lib 1.0.0) behind a real traffic router, deployed
 * blue/green by a real LinuxRunner: slot a is blue; `tests` become `blueGreen.tests`.
 */
export async function blueGreenRunnerFixture(
  extra: Pick<BlueGreenServiceConfig, 'tests'> = {},
): Promise<BlueGreenRunnerFixture> {
  const f = await demoServiceFixture();
  const slots = { a: await freePort(), b: await freePort() };
  await installInitialEnvironment({
    envRoot: f.envRoot,
    lockfile: f.lock('1.0.0'),
    store: f.store,
    stagingDir: f.staging,
  });
  const router = await startRouter({
    service: 'demo-api',
    listen: { host: '127.0.0.1', port: 0 },
    socketPath: path.join(f.dir, 'r.sock'),
    stateFile: path.join(f.dir, 'r.json'),
    upstreams: { blue: `http://127.0.0.1:${slots.a}` },
  });
  const runner = new LinuxRunner({
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
          ...extra,
        },
      },
    ],
    store: f.store,
    workDir: path.join(f.dir, 'work'),
  });
  const slotDriver = (slot: 'a' | 'b') =>
    new ProcessDriver({
      name: `demo-api@${slot}`,
      command: [],
      cwd: f.dir,
      stateDir: path.join(f.dir, 'run'),
    });
  return {
    f,
    router,
    runner,
    slots,
    slotDriver,
    served: async () =>
      ((await (await fetch(`${router.url}/health`)).json()) as { demo_lib: string }).demo_lib,
    dispose: async () => {
      for (const slot of ['a', 'b'] as const) await slotDriver(slot).stop();
      await router.stop();
      await f.dispose();
    },
  };
}
