import fs from 'node:fs';
import path from 'node:path';
import { updatePythonEnvironment } from '../../runner-agents/linux/python-update';
import { demoServiceFixture, type DemoServiceFixture } from './demo-service-fixture';

describe('offline Python dependency update of a running service (real pip, bubblewrap, demo-api)', () => {
  let f: DemoServiceFixture;
  const update = (version: string) =>
    updatePythonEnvironment({
      envRoot: f.envRoot,
      lockfile: f.lock(version),
      store: f.store,
      driver: f.driver,
      audit: ['demo_lib'],
      stagingDir: f.staging,
    });

  beforeAll(async () => {
    f = await demoServiceFixture();
  });
  afterAll(async () => f?.dispose());

  it('installs, updates, rolls back an unhealthy update and defers what the store lacks', async () => {
    const first = await update('1.0.0');
    if (first.status !== 'applied') throw new Error(JSON.stringify(first.error));
    expect(first.badArtifacts).toEqual([]);
    expect(await f.served()).toBe('1.0.0');
    // the build ran in the sandbox: no network, only the new environment writable
    expect(first.sandboxSpecs.length).toBeGreaterThanOrEqual(2);
    for (const spec of first.sandboxSpecs) {
      expect(spec.argv).toContain('--unshare-net');
      expect(spec.policy.writable.every((w) => w.startsWith(path.join(f.envRoot, 'venvs')))).toBe(true);
    }

    const second = await update('1.0.1');
    expect(second).toMatchObject({ status: 'applied', previous: first.current });
    expect(await f.served()).toBe('1.0.1');
    const pidBefore = f.driver.status().state?.pid;

    const broken = await update('1.0.3');
    expect(broken.status).toBe('rolled_back');
    expect(broken.current).toBe(second.current);
    expect(broken.badArtifacts).toEqual([
      'local://python-wheel/demo_lib/1.0.3/demo_lib-1.0.3-py3-none-any.whl',
    ]);
    expect(await f.served()).toBe('1.0.1');
    expect(f.driver.status().state?.pid).not.toBe(pidBefore); // restarted on the old environment

    const missing = await update('9.9.9');
    expect(missing.status).toBe('deferred');
    expect(missing.deferred?.[0]?.reason).toContain('promote from local mirror first');
    expect(await f.served()).toBe('1.0.1');
  });

  it('stops hard on a tampered artifact: nothing is built, the service keeps running as it was', async () => {
    const ref = f.store.list().find((a) => a.entry.version === '1.0.0');
    if (!ref) throw new Error('fixture missing');
    const sha = ref.entry.hashes.sha256;
    const blob = path.join(f.dir, 'store', 'blobs', 'sha256', sha.slice(0, 2), sha);
    const good = fs.readFileSync(blob);
    fs.writeFileSync(
      blob,
      Buffer.concat([good.subarray(0, 100), Buffer.from([(good[100] ?? 0) ^ 1]), good.subarray(101)]),
    );
    const venvsBefore = fs.readdirSync(path.join(f.envRoot, 'venvs')).length;
    await expect(update('1.0.0')).rejects.toMatchObject({ code: 'ARTIFACT_BLOB_CORRUPT' });
    expect(fs.readdirSync(path.join(f.envRoot, 'venvs')).length).toBe(venvsBefore);
    expect(await f.served()).toBe('1.0.1');
    fs.writeFileSync(blob, good);
  });
});
