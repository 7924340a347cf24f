import fs from 'node:fs';
import path from 'node:path';
import { LinuxRunner } from '../../../runner-agents/linux/linux-runner';
import { currentReleaseName, nodeReleasePaths } from '../../../runner-agents/linux/node-release';
import { ProcessDriver } from '../../../runner-agents/linux/services/process-driver';
import { nodeServiceFixture, type NodeServiceFixture } from './node-service-fixture';

describe('LinuxRunner: offline Node dependency updates of a running service (real npm in bubblewrap)', () => {
  let f: NodeServiceFixture;
  let runner: LinuxRunner;
  const svc = { name: 'demo-node' };
  const savedRegistry = process.env.npm_config_registry;

  beforeAll(async () => {
    // Any registry request would fail (and the sandbox has no network at all).
    process.env.npm_config_registry = 'http://127.0.0.1:9';
    f = await nodeServiceFixture();
    runner = new LinuxRunner({
      services: [
        {
          name: 'demo-node',
          process: f.service,
          node: { appRoot: f.appRoot, audit: ['is-number'], initialSource: f.initialSource },
        },
      ],
      store: f.signed.store,
      workDir: path.join(f.dir, 'work'),
    });
  });
  afterAll(async () => {
    await new ProcessDriver(f.service).stop();
    f.dispose();
    if (savedRegistry === undefined) delete process.env.npm_config_registry;
    else process.env.npm_config_registry = savedRegistry;
  });

  it('builds the first release, updates it, and rolls back to the previous one', async () => {
    const first = await runner.applyPatch({
      service: 'demo-node',
      lockfile: f.manifests('1.0.0', { 'is-number': '7.0.0' }),
    });
    expect(first).toMatchObject({ status: 'applied', detail: { previous: null } });
    expect(await f.served()).toEqual({ app: '1.0.0', deps: { 'is-number': '7.0.0' } });
    // npm ran inside bubblewrap without a network namespace: the spec says so.
    const specs = first.detail.sandbox as { tool: string; network: string; argv: string[] }[];
    expect(specs.length).toBeGreaterThanOrEqual(3); // cache add ×1, npm ci, require audit
    expect(specs.every((s) => s.tool === 'bubblewrap' && s.network === 'none')).toBe(true);
    expect(specs.some((s) => s.argv.includes('--unshare-net') && s.argv.includes('ci'))).toBe(true);

    const second = await runner.applyPatch({
      service: 'demo-node',
      lockfile: f.manifests('1.1.0', { 'is-number': '7.0.0', 'is-odd': '3.0.1' }),
    });
    expect(second).toMatchObject({ status: 'applied', snapshot: first.detail.environment });
    expect(await f.served()).toEqual({ app: '1.1.0', deps: { 'is-number': '7.0.0', 'is-odd': '3.0.1' } });
    const inv = await runner.inventory();
    expect(inv.services[0]?.packages).toMatchObject({ 'is-odd': '3.0.1', 'is-number': '7.0.0' });

    const back = await runner.rollback(svc, { snapshot: 'previous' });
    expect(back).toMatchObject({ status: 'rolled_back', detail: { environment: first.detail.environment } });
    expect(await f.served()).toEqual({ app: '1.0.0', deps: { 'is-number': '7.0.0' } });
    // and forward again to the named release
    const named = await runner.rollback(svc, { snapshot: second.detail.environment as string });
    expect(named.detail.environment).toBe(second.detail.environment);
    expect((await f.served()).app).toBe('1.1.0');
  });

  it('a release whose service does not start healthy is rolled back and its artifacts reported bad', async () => {
    const before = currentReleaseName(nodeReleasePaths(f.appRoot));
    const r = await runner.applyPatch({
      service: 'demo-node',
      lockfile: f.manifests('2.0.0', { 'is-number': '7.0.0' }, { crash: true }),
    });
    expect(r.status).toBe('rolled_back');
    expect(r.detail.environment).toBe(before);
    expect(r.detail.error).toMatchObject({ code: 'SERVICE_UNHEALTHY' });
    expect(r.detail.bad_artifacts).toEqual([expect.stringMatching(/^local:\/\/npm-tarball\/is-number\//)]);
    expect((await f.served()).app).toBe('1.1.0');
  });

  it('a package missing from the store defers the change with the promotion advice; nothing moves', async () => {
    const before = currentReleaseName(nodeReleasePaths(f.appRoot));
    const r = await runner.applyPatch({
      service: 'demo-node',
      lockfile: f.manifests('3.0.0', { 'is-number': '7.0.0' }, { missing: true }),
    });
    expect(r.status).toBe('deferred');
    expect(r.detail.deferred).toEqual([
      expect.objectContaining({
        name: 'is-number',
        reason: expect.stringContaining('promote from local mirror first'),
      }),
    ]);
    expect(currentReleaseName(nodeReleasePaths(f.appRoot))).toBe(before);
  });

  it('refuses ambiguous requests and unknown snapshots by code', async () => {
    await expect(
      runner.applyPatch({ service: 'demo-node', lockfile: '/x', osPackages: ['local://deb/x/1/x.deb'] }),
    ).rejects.toMatchObject({ code: 'RUNNER_REQUEST_INVALID' });
    await expect(runner.rollback(svc, { snapshot: 'release_19990101' })).rejects.toMatchObject({
      code: 'RUNNER_SNAPSHOT_UNKNOWN',
    });
    expect(fs.existsSync(f.appRoot)).toBe(true);
  });
});
