// npm run bench:pipeline — pipeline speed (issue 6), on the real Temporal dev server, embedded PGlite,
// the real traffic router and two real demo-api slots:
//  - burn → blue: a demo_lib version whose POST /orders fails passes the shadow compare, is promoted,
//    burns under live traffic and is rolled back by blueGreenDeployWorkflow; the figure is the
//    workflow's burn_detected_at → traffic_back_at (signing + child workflow + runner action + router
//    switch), p50/p95 over BENCH_BURN_RUNS (default 20). Target p95 ≤ 2 s (the seed's bar: 60 s).
//  - request → promotion: the whole pipeline on the demo's site (scripts/bench/pipeline-e2e.js): a
//    signed request accepted by the API → promoted (admission, L1 with bandit/OSV, L2 staging and
//    verify in the sandbox, governance, shadow window). Target ≤ 2 min (seed: 10 min). The
//    deployment alone (blueGreenDeployWorkflow start → promoted) is request_to_promotion_deploy_only_s.
//  - no-op pipelines: remediationWorkflow on probe-only requests (admission, records only, a 1 s watch timer),
//    one alone (noop_pipeline_single_overhead_ms), then 50 started at once: mean orchestration overhead
//    (duration − the 1 s timer) and completions/minute.
// The last line printed is one JSON object.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const { TestWorkflowEnvironment } = require('@temporalio/testing');
const { defineSearchAttributeKey, SearchAttributeType } = require('@temporalio/common');
const { DefaultLogger, Runtime, bundleWorkflowCode } = require('@temporalio/worker');
const pino = require('pino');
const { resolveTemporalCli, HALE_SEARCH_ATTRIBUTES, DEV_SERVER_EXTRA_ARGS } = require(
  path.join(dist, 'infra/temporal'),
);
const { openPglite, migrate } = require(path.join(dist, 'lib/db'));
const { loadConfig } = require(path.join(dist, 'lib/config'));
const { ensureSigner } = require(path.join(dist, 'lib/ledger'));
const { freePort } = require(path.join(dist, 'lib/net'));
const { generateCosignKeyPair } = require(path.join(dist, 'lib/artifacts/signing'));
const { artifactKeyFiles, openSiteStore, writerKeys } = require(path.join(dist, 'lib/artifacts/site'));
const { describeArtifact } = require(path.join(dist, 'lib/artifacts/describe'));
const { ReplayGuard } = require(path.join(dist, 'runner-agents/auth'));
const { LinuxRunner } = require(path.join(dist, 'runner-agents/linux/linux-runner'));
const { flipTo, markRestarted, pythonEnvPaths } = require(path.join(dist, 'runner-agents/linux/python-env'));
const { preparePythonEnvironment } = require(path.join(dist, 'runner-agents/linux/python-update'));
const { ProcessDriver } = require(path.join(dist, 'runner-agents/linux/services/process-driver'));
const { startRouter } = require(path.join(dist, 'runner-agents/linux/traffic-router'));
const { createControlWorker, createRunnerWorkers, runWorkers, workflowsPath } = require(
  path.join(dist, 'workers'),
);
const { probeRequest } = require(path.join(dist, 'cli/demo-scenario'));
const { makeWheels } = require('./pipeline-wheels');
const { measureEndToEnd } = require('./pipeline-e2e');
const { percentile } = require(path.join(dist, 'lib/load'));

const BURN_RUNS = Number(process.env.BENCH_BURN_RUNS ?? 20);
const NOOP = Number(process.env.BENCH_NOOP ?? 50);
const DEMO_APP = path.join(root, 'infra', 'examples', 'demo-api', 'app.py');
const q = percentile;
const r3 = (v) => Math.round(v * 1000) / 1000;
const say = (line) => process.stderr.write(`${line}\n`);

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-bench-pipeline-'));
  fs.writeFileSync(path.join(dir, 'hale.yaml'), 'data_dir: ./data\n');
  const config = loadConfig({ path: path.join(dir, 'hale.yaml'), env: {} });
  process.env.COSIGN_PASSWORD = 'bench';
  const files = artifactKeyFiles(config.dataDir);
  fs.mkdirSync(files.dir, { recursive: true });
  for (const [key, pub] of [
    [files.signingKey, files.signingPub],
    [files.indexKey, files.indexPub],
  ]) {
    const pair = await generateCosignKeyPair('bench');
    fs.writeFileSync(key, pair.privateKeyPem);
    fs.writeFileSync(pub, pair.publicKeyPem);
  }
  const cli = await resolveTemporalCli({ build: false });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli.path },
      ip: '127.0.0.1',
      extraArgs: [...DEV_SERVER_EXTRA_ARGS],
      searchAttributes: HALE_SEARCH_ATTRIBUTES.map((n) =>
        defineSearchAttributeKey(n, SearchAttributeType.KEYWORD),
      ),
    },
  });
  const db = await openPglite(undefined);
  await migrate(db);
  const store = await openSiteStore(config, db, 'bench');
  const wheels = makeWheels(path.join(dir, 'mirror'));
  await store.import(
    wheels.map((w) => ({ file: w.file })),
    await writerKeys(config),
    describeArtifact(),
  );
  const lock = (v) => `demo-lib==${v} \\\n    --hash=sha256:${wheels.find((w) => w.version === v).sha256}\n`;
  fs.writeFileSync(path.join(dir, 'initial.lock'), lock('1.0.0'));
  const envRoot = path.join(dir, 'demo-api');
  const first = await preparePythonEnvironment({
    envRoot,
    lockfile: path.join(dir, 'initial.lock'),
    store,
    audit: ['demo_lib'],
    stagingDir: path.join(dir, 'staging-initial'),
  });
  if (!first.ok) throw new Error('initial environment failed');
  flipTo(pythonEnvPaths(envRoot), first.name);
  markRestarted(pythonEnvPaths(envRoot));
  const slots = { a: await freePort(), b: await freePort() };
  const router = await startRouter({
    service: 'demo-api',
    listen: { host: '127.0.0.1', port: 0 },
    socketPath: path.join(dir, 'router.sock'),
    stateFile: path.join(dir, 'router.json'),
    upstreams: { blue: `http://127.0.0.1:${slots.a}` },
  });
  const proc = {
    name: 'demo-api',
    command: ['{venv}/bin/python', DEMO_APP],
    cwd: dir,
    stateDir: path.join(dir, 'run'),
    healthTimeoutMs: 8000,
  };
  await new ProcessDriver({
    ...proc,
    name: 'demo-api@a',
    env: { PORT: String(slots.a) },
    envDir: pythonEnvPaths(envRoot).current,
    healthUrl: `http://127.0.0.1:${slots.a}/health`,
  }).start();
  const runner = new LinuxRunner({
    services: [
      {
        name: 'demo-api',
        process: proc,
        python: { envRoot, audit: ['demo_lib'] },
        blueGreen: {
          routerSocket: router.socketPath,
          slots,
          shadow: { sample: 1, ignore_fields: ['demo_lib', 'prefix', 'uptime_s'] },
        },
      },
    ],
    store: await openSiteStore(config, db, 'runner'),
    workDir: path.join(dir, 'work'),
  });
  const control = await ensureSigner(db, config.dataDir);
  const log = pino({ level: 'silent' });
  const hostId = 'bench-host';
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  });
  const workers = runWorkers([
    await createControlWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      db,
      log,
      taskQueue: 'hale.control',
      workflowBundle,
      config,
    }),
    ...(await createRunnerWorkers({
      connection: env.nativeConnection,
      namespace: 'default',
      os: 'linux',
      hostId,
      dataDir: dir,
      log,
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
        replay: new ReplayGuard(path.join(dir, 'seen.jsonl')),
        workDir: path.join(dir, 'work'),
      },
    })),
  ]);
  let running = true;
  const traffic = (async () => {
    while (running) {
      await fetch(`${router.url}/api/price`)
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      await fetch(`${router.url}/orders`, { method: 'POST', body: '{}' })
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const deploy = (version, id) =>
    env.client.workflow.execute('blueGreenDeployWorkflow', {
      workflowId: id,
      taskQueue: 'hale.control',
      args: [
        {
          remediationId: id,
          os: 'linux',
          host: hostId,
          service: 'demo-api',
          lockfile: { format: 'requirements', content: lock(version) },
          shadow: {
            windowMs: 1000,
            gate: { minSamples: 10, maxP95Ratio: 3, maxMismatchRate: 0, maxErrorRate: 0, p95SlackMs: 50 },
          },
          watch: { windowMs: 3000, pollMs: 250, slo: { error_rate: 0.05 }, minSamples: 10 },
        },
      ],
    });
  try {
    const good = await deploy('1.1.0', 'bench-good');
    if (good.outcome !== 'success')
      throw new Error(`good deploy: ${good.outcome} ${good.code} ${good.reasons}`);
    const toPromotion = (Date.parse(good.timeline.promoted) - Date.parse(good.timeline.started)) / 1000;
    say(`request → promotion ${toPromotion.toFixed(2)} s`);
    const burns = [];
    for (let i = 0; i < BURN_RUNS; i++) {
      const r = await deploy('1.2.0', `bench-burn-${i}`);
      if (r.outcome !== 'rolled_back') throw new Error(`burn run ${i}: ${r.outcome} ${r.code} ${r.reasons}`);
      const s = (Date.parse(r.rollback.traffic_back_at) - Date.parse(r.rollback.burn_detected_at)) / 1000;
      burns.push(s);
      say(
        `burn run ${i + 1}/${BURN_RUNS}: burn → blue ${s.toFixed(3)} s (router switch ${r.rollback.router_switch_ms} ms)`,
      );
    }
    running = false;
    await traffic;
    // no-op pipelines: first one alone (the uncontended overhead), then NOOP at once
    const noopDuration = async (h) => {
      const started = Date.now();
      await h.result();
      const d = await h.describe();
      return d.closeTime && d.startTime
        ? d.closeTime.getTime() - d.startTime.getTime()
        : Date.now() - started;
    };
    const single = await noopDuration(
      await env.client.workflow.start('remediationWorkflow', {
        workflowId: 'bench-noop-single',
        taskQueue: 'hale.control',
        args: [{ request: probeRequest('bench-noop-single', hostId, 'demo-api'), watchSeconds: 1 }],
      }),
    );
    say(`one no-op pipeline alone: ${single} ms (overhead ${single - 1000} ms)`);
    const t0 = Date.now();
    const handles = await Promise.all(
      Array.from({ length: NOOP }, (_, i) =>
        env.client.workflow.start('remediationWorkflow', {
          workflowId: `bench-noop-${i}`,
          taskQueue: 'hale.control',
          args: [{ request: probeRequest(`bench-noop-${i}`, hostId, 'demo-api'), watchSeconds: 1 }],
        }),
      ),
    );
    const durations = await Promise.all(handles.map(noopDuration));
    const wall = (Date.now() - t0) / 1000;
    say(`${NOOP} no-op pipelines in ${wall.toFixed(1)} s`);
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    const e2e = await measureEndToEnd(say);
    process.stdout.write(
      `${JSON.stringify({
        burn_to_blue_p50_s: r3(q(burns, 0.5)),
        burn_to_blue_p95_s: r3(q(burns, 0.95)),
        burn_to_blue_runs_s: burns.map(r3),
        request_to_promotion_s: e2e.request_to_promotion_s,
        request_to_promotion_deploy_only_s: r3(toPromotion),
        full_pipeline_burn_to_blue_s: e2e.burn_to_blue_s,
        noop_pipeline_overhead_ms: Math.round(mean - 1000),
        noop_pipelines_per_min: Math.round((NOOP / wall) * 60),
        noop_pipeline_p95_ms: Math.round(q(durations, 0.95)),
        noop_pipeline_single_overhead_ms: single - 1000,
        targets: { burn_to_blue_p95_s: 2, request_to_promotion_s: 120 },
        baselines: { seed_burn_to_blue_s: 60, seed_request_to_promotion_s: 600 },
        ratios: {
          burn_to_blue_p95_vs_target: r3(q(burns, 0.95) / 2),
          burn_to_blue_p95_vs_seed: r3(q(burns, 0.95) / 60),
          request_to_promotion_vs_target: r3(e2e.request_to_promotion_s / 120),
          request_to_promotion_vs_seed: r3(e2e.request_to_promotion_s / 600),
        },
        notes: {
          burn_to_blue:
            'workflow clock: burn verdict → rollback action done (sign, child workflow, runner, router switch)',
          request_to_promotion:
            'full pipeline on the demo site: HTTP 201 → the deployment promoted_at (admission, L1, L2 stage+verify, governance, 2 s shadow window)',
          noop: 'remediationWorkflow on probe-only requests (admission + record-only stages, a 1 s watch timer); overhead = mean duration − 1 s',
        },
        machine: { cores: os.cpus().length, loadavg_1m: os.loadavg()[0], node: process.version },
      })}\n`,
    );
  } finally {
    running = false;
    await traffic;
    await workers.shutdown();
    for (const slot of ['a', 'b']) await new ProcessDriver({ ...proc, name: `demo-api@${slot}` }).stop();
    await router.stop();
    await db.close();
    await env.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:pipeline: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
