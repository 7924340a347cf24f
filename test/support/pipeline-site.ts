import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describeArtifact } from '../../lib/artifacts/describe';
import { writeConfigBundle } from '../../lib/artifacts/packages/bundle-writer';
import { openSiteStore, writerKeys } from '../../lib/artifacts/site';
import type { HaleConfig } from '../../lib/config';
import type { Db } from '../../lib/db';
import { ensureSigner } from '../../lib/ledger';
import { freePort } from '../../lib/net';
import { generatePolicyKeyPair } from '../../lib/policy';
import { signRequest, withRequestDigest } from '../../lib/signing';
import { workerInterceptorsAndSinks, type HaleTracing } from '../../lib/telemetry';
import { createMetrics, type HaleMetrics } from '../../lib/telemetry/metrics';
import { ReplayGuard } from '../../runner-agents/auth';
import { LinuxRunner } from '../../runner-agents/linux/linux-runner';
import { pythonEnvPaths } from '../../runner-agents/linux/python-env';
import { ProcessDriver } from '../../runner-agents/linux/services/process-driver';
import { startRouter, type RouterHandle } from '../../runner-agents/linux/traffic-router';
import type { RemediationRequestV1 } from '../../schemas/types.generated';
import { createRunnerWorkers, runWorkers } from '../../workers';
import type { PipelineActivityDeps } from '../../activities/pipeline';
import { DEMO_LIB_VERSIONS } from '../../cli/demo-site';
import { DEMO_APP } from '../runner-agents/demo-service-fixture';
import { openIsolatedTestDb } from './db';
import { silentLogger } from './logger';
import { testControlWorker } from './pipeline';
import { installInitialEnvironment } from './python-env';
import { siteWithStoreKeys } from './site';
import { uniqueId } from './temporal';
import { makeWheel } from './wheels';

/** The demo's demo_lib versions (1.2.0 fails only under sustained traffic) plus one whose orders always fail. */
export const PIPELINE_TEST_VERSIONS: Record<string, string> = {
  ...DEMO_LIB_VERSIONS,
  '1.3.0': 'VERSION = "1.3.0"\ndef process_order(order):\n    raise RuntimeError("orders broken")\n',
};

export interface PipelineSite {
  dir: string;
  config: HaleConfig;
  db: Db;
  hostId: string;
  taskQueue: string;
  router: RouterHandle;
  metrics: HaleMetrics;
  /** Store refs of the change bundles, by demo_lib version. */
  bundles: Record<string, string>;
  requesterKeyPem: string;
  /** A request to move demo-api to `version`, signed by the trusted requester key (or not). */
  request(
    version: string,
    opts?: { sign?: 'trusted' | 'none' | 'untrusted'; ops?: string[]; id?: string },
  ): RemediationRequestV1;
  served(): Promise<string>;
  /** Another control worker over the same site, with other pipeline settings; returns its queue. */
  controlWorker(
    pipeline: Omit<PipelineActivityDeps, 'db' | 'config' | 'metrics'>,
    config?: HaleConfig,
  ): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * A whole site for pipeline tests: hale.yaml with a blue/green demo-api (real router, real slots,
 * real venvs from signed wheels), the change bundles in the store, a control worker with the
 * pipeline activities and a runner worker with signed actions, on the given Temporal server.
 */
export async function startPipelineSite(
  env: TestWorkflowEnvironment,
  opts: {
    pipeline?: Omit<PipelineActivityDeps, 'db' | 'config' | 'metrics'>;
    yaml?: string;
    /** The database (kept open at dispose); default an isolated test database. */
    db?: Db;
    /** false: no control worker in this process (a test runs `hale worker control` itself). */
    control?: boolean;
    /** Traces the control and runner workers (one trace per remediation started with its client). */
    tracing?: HaleTracing;
  } = {},
): Promise<PipelineSite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-pipeline-'));
  const hostId = uniqueId('host');
  const savedPassword = process.env.COSIGN_PASSWORD;
  process.env.COSIGN_PASSWORD = 'pipeline-test';
  const requester = generatePolicyKeyPair('ES256');
  fs.mkdirSync(path.join(dir, 'keys'));
  fs.writeFileSync(path.join(dir, 'keys', 'requester.pub'), requester.publicKeyPem);
  const slots = { a: await freePort(), b: await freePort() };
  const port = await freePort();
  const yaml = [
    'hosts:',
    `  - { id: ${hostId}, os: linux }`,
    'services:',
    '  - name: demo-api',
    `    host: ${hostId}`,
    '    kind: python',
    '    install_path: ./demo-api',
    `    start_command: ["{venv}/bin/python", ${JSON.stringify(DEMO_APP)}]`,
    '    audit: [demo_lib]',
    '    slo: { error_rate: 0.05 }',
    '    blue_green:',
    `      port: ${port}`,
    `      slots: [${slots.a}, ${slots.b}]`,
    '      shadow: { window_ms: 1500, min_samples: 10, max_p95_ratio: 3, ignore_fields: [demo_lib, prefix, uptime_s] }',
    '      watch: { window_ms: 3000, poll_ms: 300, min_samples: 10 }',
    '      perf_budget: { p95_slack_ms: 50, paths: [/health, /api/price] }',
    'pipeline:',
    '  request_keys: [keys/requester.pub]',
    '  governance: { environment: staging }',
    opts.yaml ?? '',
  ].join('\n');
  const config = await siteWithStoreKeys(dir, 'pipeline-test', yaml);
  const db = opts.db ?? (await openIsolatedTestDb());
  const store = await openSiteStore(config, db, 'tester');
  const mirror = path.join(dir, 'mirror');
  fs.mkdirSync(mirror);
  const wheels = Object.entries(PIPELINE_TEST_VERSIONS).map(
    ([v, code]) =>
      [
        v,
        makeWheel(mirror, 'demo_lib', v, { 'demo_lib/__init__.py': code }, ['License-Expression: MIT']),
      ] as const,
  );
  const locks: Record<string, string> = {};
  await store.import(
    wheels.map(([, w]) => ({ file: w.file })),
    await writerKeys(config),
    describeArtifact(),
  );
  for (const [v, w] of wheels) {
    locks[v] = `demo-lib==${v} \\\n    --hash=sha256:${w.sha256}\n`;
    const bundle = path.join(mirror, `demo-api-demo-lib-${v}.tar.gz`);
    await writeConfigBundle(bundle, { 'requirements.lock': locks[v] as string });
    await store.import(
      [{ file: bundle }],
      await writerKeys(config),
      describeArtifact({ kind: 'config-bundle', name: 'demo-api', version: `demo-lib-${v}` }),
    );
  }
  const bundles: Record<string, string> = {};
  for (const v of Object.keys(PIPELINE_TEST_VERSIONS)) {
    const hit = store
      .list()
      .find((a) => a.entry.kind === 'config-bundle' && a.entry.version === `demo-lib-${v}`);
    bundles[v] = hit?.ref as string;
  }
  fs.writeFileSync(path.join(dir, 'req-1.0.0.lock'), locks['1.0.0'] as string);
  const envRoot = path.join(dir, 'demo-api');
  await installInitialEnvironment({
    envRoot,
    lockfile: path.join(dir, 'req-1.0.0.lock'),
    store,
    stagingDir: path.join(dir, 'staging-initial'),
  });
  const router = await startRouter({
    service: 'demo-api',
    listen: { host: '127.0.0.1', port },
    socketPath: path.join(dir, 'router.sock'),
    stateFile: path.join(dir, 'router.json'),
    upstreams: { blue: `http://127.0.0.1:${slots.a}` },
  });
  const process_ = {
    name: 'demo-api',
    command: ['{venv}/bin/python', DEMO_APP],
    cwd: dir,
    stateDir: path.join(dir, 'run'),
    healthTimeoutMs: 8000,
  };
  const runner = new LinuxRunner({
    services: [
      {
        name: 'demo-api',
        process: process_,
        python: { envRoot, audit: ['demo_lib'] },
        blueGreen: {
          routerSocket: router.socketPath,
          slots,
          shadow: { sample: 1, ignore_fields: ['demo_lib', 'prefix', 'uptime_s'] },
          tests: { command: ['{venv}/bin/python', path.join(path.dirname(DEMO_APP), 'integration_test.py')] },
        },
      },
    ],
    store: await openSiteStore(config, db, 'runner'),
    workDir: path.join(dir, 'work'),
  });
  const control = await ensureSigner(db, config.dataDir);
  const metrics = createMetrics({ processMetrics: false });
  const controlWorker =
    opts.control === false
      ? undefined
      : await testControlWorker(env, db, {
          prefix: 'hale.control.pipeline',
          config,
          metrics,
          ...(opts.pipeline ? { pipeline: opts.pipeline } : {}),
          ...(opts.tracing ? { tracing: opts.tracing } : {}),
        });
  const workers = runWorkers([
    ...(controlWorker ? [controlWorker.worker] : []),
    ...(await createRunnerWorkers({
      connection: env.nativeConnection,
      namespace: 'default',
      os: 'linux',
      hostId,
      dataDir: dir,
      log: silentLogger,
      ...(opts.tracing ? { telemetry: workerInterceptorsAndSinks(opts.tracing) } : {}),
      actions: {
        runner,
        keys: [{ keyId: control.keyId, publicKey: control.publicKey }],
        rbac: {
          version: 1,
          allow: [
            { permission: 'apply_patch', services: ['demo-api'] },
            { permission: 'rollback', services: ['demo-api'] },
            { permission: 'install_package', repos: ['local://python-wheel/'] },
            { permission: 'metrics' },
          ],
        },
        replay: new ReplayGuard(path.join(dir, 'runner', 'seen.jsonl')),
        workDir: path.join(dir, 'work'),
      },
    })),
  ]);
  await new ProcessDriver({
    ...process_,
    name: 'demo-api@a',
    env: { PORT: String(slots.a) },
    envDir: pythonEnvPaths(envRoot).current,
    healthUrl: `http://127.0.0.1:${slots.a}/health`,
  }).start();
  const untrusted = generatePolicyKeyPair('ES256');
  const extra: { shutdown(): Promise<void> }[] = [];
  return {
    dir,
    config,
    db,
    hostId,
    taskQueue: controlWorker?.taskQueue ?? '',
    router,
    metrics,
    bundles,
    requesterKeyPem: requester.privateKeyPem,
    request(version, o = {}) {
      const body = {
        id: o.id ?? uniqueId('rem'),
        artifact_ref: bundles[version] as string,
        ops: o.ops ?? ['apply_patch', 'restart:demo-api'],
        preflight: { sandbox: true, tests: ['integration'] },
        rollback: { artifact: bundles['1.0.0'] as string },
        service: 'demo-api',
        host: hostId,
        os: 'linux',
        reason: `demo_lib ${version}`,
        requested_by: 'rca-agent@test',
      };
      const sign = o.sign ?? 'trusted';
      if (sign === 'none') return withRequestDigest(body) as RemediationRequestV1;
      return signRequest(
        body,
        sign === 'trusted' ? requester.privateKeyPem : untrusted.privateKeyPem,
      ) as RemediationRequestV1;
    },
    served: async () =>
      ((await (await fetch(`${router.url}/health`)).json()) as { demo_lib: string }).demo_lib,
    async controlWorker(pipeline, other) {
      const w = await testControlWorker(env, db, {
        prefix: 'hale.control.pipeline',
        config: other ?? config,
        pipeline,
      });
      extra.push(runWorkers([w.worker]));
      return w.taskQueue;
    },
    async dispose() {
      for (const w of extra) await w.shutdown();
      await workers.shutdown();
      for (const slot of ['a', 'b']) {
        await new ProcessDriver({
          name: `demo-api@${slot}`,
          command: [],
          cwd: dir,
          stateDir: path.join(dir, 'run'),
        }).stop();
      }
      await router.stop();
      if (!opts.db) await db.close();
      if (savedPassword === undefined) delete process.env.COSIGN_PASSWORD;
      else process.env.COSIGN_PASSWORD = savedPassword;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
