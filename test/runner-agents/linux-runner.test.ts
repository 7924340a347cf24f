import fs from 'node:fs';
import path from 'node:path';
import { LinuxRunner } from '../../runner-agents/linux/linux-runner';
import { demoServiceFixture, type DemoServiceFixture } from './demo-service-fixture';

describe('LinuxRunner: the Runner API on this host (real processes, pip, bubblewrap, /proc)', () => {
  let f: DemoServiceFixture;
  let runner: LinuxRunner;
  const svc = { name: 'demo-api' };

  beforeAll(async () => {
    f = await demoServiceFixture();
    runner = new LinuxRunner({
      services: [
        { name: 'demo-api', process: f.service, python: { envRoot: f.envRoot, audit: ['demo_lib'] } },
      ],
      store: f.store,
      workDir: path.join(f.dir, 'work'),
      diskPaths: [f.dir],
      metricsSampleMs: 200,
    });
  });
  afterAll(async () => f?.dispose());

  it('applies a dependency update, restarts, reports metrics and inventory, and rolls back', async () => {
    const first = await runner.applyPatch({ service: 'demo-api', lockfile: f.lock('1.0.0') });
    expect(first.status).toBe('applied');
    const second = await runner.applyPatch({ service: 'demo-api', lockfile: f.lock('1.0.1') });
    expect(second).toMatchObject({ status: 'applied', snapshot: first.detail.environment });
    expect(await f.served()).toBe('1.0.1');

    const restarted = await runner.restart(svc);
    expect(restarted).toMatchObject({ service: 'demo-api', healthy: true });
    expect((restarted.detail.health as { demo_lib: string }).demo_lib).toBe('1.0.1');

    const metrics = await runner.metrics(svc);
    expect(metrics.svc_restarts).toBeGreaterThanOrEqual(2);
    expect(metrics.svc_uptime).toBeGreaterThanOrEqual(0);
    expect(metrics.mem_used).toBeGreaterThan(0);

    const inventory = await runner.inventory();
    expect(inventory.os).toBe('linux');
    expect(inventory.services[0]).toMatchObject({ name: 'demo-api', packages: { 'demo-lib': '1.0.1' } });
    expect(inventory.services[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);

    const back = await runner.rollback(svc, { snapshot: 'previous' });
    expect(back).toMatchObject({ status: 'rolled_back', detail: { environment: first.detail.environment } });
    expect(await f.served()).toBe('1.0.0');
    const after = await runner.inventory();
    expect(after.services[0]?.packages).toEqual({ 'demo-lib': '1.0.0' });
    expect(after.services[0]?.checksum).not.toBe(inventory.services[0]?.checksum);

    const caches = await runner.cacheInfo();
    expect(caches.caches[0]).toMatchObject({ kind: 'artifact-store' });
    expect(caches.caches[0]?.entries).toBeGreaterThan(3);
  });

  it('runs commands in the sandbox and refuses what it does not manage', async () => {
    const staging = path.join(f.dir, 'sbx');
    fs.mkdirSync(staging, { recursive: true });
    const r = await runner.sandbox(['bash', '-c', 'echo ok > out; cat /proc/net/dev | tail -n +3 | wc -l'], {
      writable: [staging],
    });
    expect(r).toMatchObject({ exitCode: 0 });
    expect(r.stdout.trim()).toBe('1'); // only lo
    expect(fs.readFileSync(path.join(staging, 'out'), 'utf8')).toBe('ok\n');
    await expect(runner.restart({ name: 'payroll' })).rejects.toMatchObject({
      code: 'RUNNER_UNKNOWN_SERVICE',
    });
    await expect(runner.applyPatch({ service: 'demo-api', diff: '--- a\n+++ b\n' })).rejects.toMatchObject({
      code: 'RUNNER_NOT_SUPPORTED',
    });
  });
});
