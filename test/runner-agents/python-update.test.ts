import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describeArtifact } from '../../lib/artifacts/describe';
import { ArtifactStore } from '../../lib/artifacts/store/store';
import { singleKeyPolicy } from '../../lib/artifacts/trust/policy';
import { SeenIndexFile } from '../../lib/artifacts/trust/seen-index';
import { updatePythonEnvironment } from '../../runner-agents/linux/python-update';
import { ProcessDriver } from '../../runner-agents/linux/services/process-driver';
import { p256 } from '../lib/artifacts/store/fixture';
import { makeWheel } from '../support/wheels';

const app = path.resolve(__dirname, '..', '..', 'infra', 'examples', 'demo-api', 'app.py');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('offline Python dependency update of a running service (real pip, bubblewrap, demo-api)', () => {
  let dir: string;
  let store: ArtifactStore;
  let driver: ProcessDriver;
  let healthUrl: string;
  const wheels: Record<string, { file: string; sha256: string }> = {};
  const signing = p256();
  const index = p256();
  const lockFor = (version: string, sha = wheels[version]?.sha256 ?? '0'.repeat(64)) => {
    const f = path.join(dir, `requirements-${version}.lock`);
    fs.writeFileSync(f, `demo-lib==${version} \\\n    --hash=sha256:${sha}\n`);
    return f;
  };
  const update = (version: string) =>
    updatePythonEnvironment({
      envRoot: path.join(dir, 'demo-api'),
      lockfile: lockFor(version),
      store,
      driver,
      audit: ['demo_lib'],
      stagingDir: path.join(dir, 'staging'),
    });
  const served = async () => ((await (await fetch(healthUrl)).json()) as { demo_lib: string }).demo_lib;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-pyupdate-'));
    const mirror = path.join(dir, 'mirror');
    fs.mkdirSync(mirror);
    for (const v of ['1.0.0', '1.0.1']) {
      wheels[v] = makeWheel(mirror, 'demo_lib', v, { 'demo_lib/__init__.py': `VERSION = "${v}"\n` });
    }
    // imports fine in the audit, but the service exits at start (PORT is set only there)
    wheels['1.0.3'] = makeWheel(mirror, 'demo_lib', '1.0.3', {
      'demo_lib/__init__.py':
        'import os\nVERSION = "1.0.3"\nif os.environ.get("PORT"):\n    raise SystemExit(3)\n',
    });
    store = new ArtifactStore({
      root: path.join(dir, 'store'),
      policy: singleKeyPolicy(index.publicKey, signing.publicKey, 'test'),
      seen: SeenIndexFile.forStore(path.join(dir, 'client'), path.join(dir, 'store')),
      actor: 'tester',
    });
    fs.mkdirSync(path.join(dir, 'store'));
    await store.import(
      fs.readdirSync(mirror).map((f) => ({ file: path.join(mirror, f) })),
      { signing: signing.privateKey, index: index.privateKey },
      describeArtifact(),
    );
    const port = await freePort();
    healthUrl = `http://127.0.0.1:${port}/health`;
    driver = new ProcessDriver({
      name: 'demo-api',
      command: ['{venv}/bin/python', app],
      cwd: dir,
      env: { PORT: String(port) },
      stateDir: path.join(dir, 'run'),
      venvRoot: path.join(dir, 'demo-api'),
      healthUrl,
      healthTimeoutMs: 8000,
    });
  });
  afterAll(async () => {
    await driver?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('installs, updates, rolls back an unhealthy update and defers what the store lacks', async () => {
    const first = await update('1.0.0');
    if (first.status !== 'applied') throw new Error(JSON.stringify(first.error));
    expect(first).toMatchObject({ status: 'applied', badArtifacts: [] });
    expect(await served()).toBe('1.0.0');
    // the build ran in the sandbox: no network, only the new environment writable
    expect(first.sandboxSpecs.length).toBeGreaterThanOrEqual(2);
    for (const spec of first.sandboxSpecs) {
      expect(spec.argv).toContain('--unshare-net');
      expect(spec.policy.writable.every((w) => w.startsWith(path.join(dir, 'demo-api', 'venvs')))).toBe(true);
    }

    const second = await update('1.0.1');
    expect(second).toMatchObject({ status: 'applied', previous: first.current });
    expect(await served()).toBe('1.0.1');
    const pidBefore = driver.status().state?.pid;

    const broken = await update('1.0.3');
    expect(broken.status).toBe('rolled_back');
    expect(broken.current).toBe(second.current);
    expect(broken.badArtifacts).toEqual([
      'local://python-wheel/demo_lib/1.0.3/demo_lib-1.0.3-py3-none-any.whl',
    ]);
    expect(await served()).toBe('1.0.1');
    expect(driver.status().state?.pid).not.toBe(pidBefore); // restarted on the old environment

    const missing = await update('9.9.9');
    expect(missing.status).toBe('deferred');
    expect(missing.deferred?.[0]?.reason).toContain('promote from local mirror first');
    expect(await served()).toBe('1.0.1');
  });

  it('stops hard on a tampered artifact: nothing is built, the service keeps running as it was', async () => {
    const ref = store.list().find((a) => a.entry.version === '1.0.0');
    if (!ref) throw new Error('fixture missing');
    const blob = path.join(
      dir,
      'store',
      'blobs',
      'sha256',
      ref.entry.hashes.sha256.slice(0, 2),
      ref.entry.hashes.sha256,
    );
    const good = fs.readFileSync(blob);
    fs.writeFileSync(
      blob,
      Buffer.concat([good.subarray(0, 100), Buffer.from([good[100]! ^ 1]), good.subarray(101)]),
    );
    const venvsBefore = fs.readdirSync(path.join(dir, 'demo-api', 'venvs')).length;
    await expect(update('1.0.0')).rejects.toMatchObject({ code: 'ARTIFACT_BLOB_CORRUPT' });
    expect(fs.readdirSync(path.join(dir, 'demo-api', 'venvs')).length).toBe(venvsBefore);
    expect(await served()).toBe('1.0.1');
    fs.writeFileSync(blob, good);
  });
});
