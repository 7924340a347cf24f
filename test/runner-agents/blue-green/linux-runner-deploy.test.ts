import path from 'node:path';
import { LinuxRunner } from '../../../runner-agents/linux/linux-runner';
import { blueGreenRunnerFixture, type BlueGreenRunnerFixture } from './runner-fixture';

describe('LinuxRunner.deploy: blue/green steps of a configured service (real router, venvs, processes)', () => {
  let bg: BlueGreenRunnerFixture;
  const svc = { name: 'demo-api' };
  const served = () => bg.served();

  beforeAll(async () => {
    bg = await blueGreenRunnerFixture();
  });
  afterAll(async () => {
    await bg?.dispose();
  });

  it('stage → status (shadow compare + stats) → promote → rollback, each a Runner API call', async () => {
    const staged = await bg.runner.deploy(svc, 'stage', bg.f.lock('1.0.1'));
    expect(staged).toMatchObject({
      service: 'demo-api',
      step: 'stage',
      status: 'staged',
      detail: { slot: 'b' },
    });
    for (let i = 0; i < 10; i++) expect(await served()).toBe('1.0.0');
    await new Promise((r) => setTimeout(r, 200));
    const status = await bg.runner.deploy(svc, 'status');
    const compare = status.detail.compare as { samples: number; body_mismatches: number };
    expect(compare.samples).toBeGreaterThanOrEqual(10);
    expect(compare.body_mismatches).toBe(0);
    expect(status.detail.stats).toBeDefined();
    await bg.runner.deploy(svc, 'promote');
    expect(await served()).toBe('1.0.1');
    const back = await bg.runner.deploy(svc, 'rollback');
    expect(back.detail.traffic_back_ms as number).toBeLessThan(500);
    expect(await served()).toBe('1.0.0');
  });

  it('a missing lockfile fails the stage step; a service without blue/green is refused', async () => {
    expect(await bg.runner.deploy(svc, 'stage')).toMatchObject({
      status: 'failed',
      detail: { error: { code: 'DEPLOY_NO_LOCKFILE' } },
    });
    const plain = new LinuxRunner({ services: [], workDir: path.join(bg.f.dir, 'work2') });
    await expect(plain.deploy(svc, 'status')).rejects.toMatchObject({ code: 'RUNNER_UNKNOWN_SERVICE' });
  });
});
