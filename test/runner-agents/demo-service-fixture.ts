import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeArtifact } from '../../lib/artifacts/describe';
import { freePort } from '../../lib/net';
import { publicKeyPem } from '../../lib/artifacts/signing';
import { ArtifactStore } from '../../lib/artifacts/store/store';
import { singleKeyPolicy } from '../../lib/artifacts/trust/policy';
import { SeenIndexFile } from '../../lib/artifacts/trust/seen-index';
import { ProcessDriver, type ProcessServiceSpec } from '../../runner-agents/linux/services/process-driver';
import { p256 } from '../lib/artifacts/store/fixture';
import { makeWheel } from '../support/wheels';

export const DEMO_APP = path.resolve(__dirname, '..', '..', 'infra', 'examples', 'demo-api', 'app.py');

export interface DemoServiceFixture {
  dir: string;
  store: ArtifactStore;
  envRoot: string;
  staging: string;
  service: ProcessServiceSpec;
  driver: ProcessDriver;
  /** requirements lock per demo_lib version (hash-pinned to the wheel in the store). */
  lock(version: string): string;
  /** The demo_lib version the running service reports (throws when it does not answer). */
  served(): Promise<string>;
  /** Everything a separate runner process needs to open the same store and service. */
  setupFile: string;
  dispose(): Promise<void>;
}

/**
 * A signed artifact store holding demo_lib wheels (1.0.0, 1.0.1, 1.0.3 which imports fine but makes
 * the service exit at start, and 1.0.4 whose POST /orders answers 500), and the demo-api service
 * under the supervised-process driver.
 */
export async function demoServiceFixture(): Promise<DemoServiceFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-demo-svc-'));
  const mirror = path.join(dir, 'mirror');
  fs.mkdirSync(mirror);
  const wheels: Record<string, string> = {};
  for (const v of ['1.0.0', '1.0.1']) {
    wheels[v] = makeWheel(mirror, 'demo_lib', v, { 'demo_lib/__init__.py': `VERSION = "${v}"\n` }).sha256;
  }
  wheels['1.0.3'] = makeWheel(mirror, 'demo_lib', '1.0.3', {
    'demo_lib/__init__.py':
      'import os\nVERSION = "1.0.3"\nif os.environ.get("PORT"):\n    raise SystemExit(3)\n',
  }).sha256;
  wheels['1.0.4'] = makeWheel(mirror, 'demo_lib', '1.0.4', {
    'demo_lib/__init__.py':
      'VERSION = "1.0.4"\ndef process_order(order):\n    raise RuntimeError("orders broken")\n',
  }).sha256;
  const signing = p256();
  const index = p256();
  const storeRoot = path.join(dir, 'store');
  fs.mkdirSync(storeRoot);
  const clientDir = path.join(dir, 'client');
  const store = new ArtifactStore({
    root: storeRoot,
    policy: singleKeyPolicy(index.publicKey, signing.publicKey, 'test'),
    seen: SeenIndexFile.forStore(clientDir, storeRoot),
    actor: 'tester',
  });
  await store.import(
    fs.readdirSync(mirror).map((f) => ({ file: path.join(mirror, f) })),
    { signing: signing.privateKey, index: index.privateKey },
    describeArtifact(),
  );
  const locks: Record<string, string> = {};
  for (const v of ['1.0.0', '1.0.1', '1.0.3', '1.0.4', '9.9.9']) {
    locks[v] = path.join(dir, `requirements-${v}.lock`);
    fs.writeFileSync(locks[v], `demo-lib==${v} \\\n    --hash=sha256:${wheels[v] ?? '0'.repeat(64)}\n`);
  }
  const port = await freePort();
  const healthUrl = `http://127.0.0.1:${port}/health`;
  const envRoot = path.join(dir, 'demo-api');
  const service: ProcessServiceSpec = {
    name: 'demo-api',
    command: ['{venv}/bin/python', DEMO_APP],
    cwd: dir,
    env: { PORT: String(port) },
    stateDir: path.join(dir, 'run'),
    venvRoot: envRoot,
    healthUrl,
    healthTimeoutMs: 8000,
  };
  const driver = new ProcessDriver(service);
  const staging = path.join(dir, 'staging');
  const setupFile = path.join(dir, 'setup.json');
  fs.writeFileSync(
    setupFile,
    JSON.stringify({
      storeRoot,
      clientDir: path.join(dir, 'client-child'),
      indexPub: publicKeyPem(index.publicKey),
      signingPub: publicKeyPem(signing.publicKey),
      envRoot,
      staging,
      service,
      locks,
    }),
  );
  return {
    dir,
    store,
    envRoot,
    staging,
    service,
    driver,
    setupFile,
    lock: (v) => locks[v] as string,
    served: async () => ((await (await fetch(healthUrl)).json()) as { demo_lib: string }).demo_lib,
    dispose: async () => {
      await driver.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
