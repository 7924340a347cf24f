// Records the history of one real remediation run into test/histories/ (the replay suite replays it).
// Usage: npm run build && node scripts/record-history.js <name> [scenario: success|digest-mismatch|cache-warm|runner-action|runner-registration|ratification]
// Needs the temporal CLI (`hale tools`); uses an in-memory PGlite.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { TestWorkflowEnvironment } = require('@temporalio/testing');
const { defineSearchAttributeKey, SearchAttributeType } = require('@temporalio/common');
const { DefaultLogger, Runtime } = require('@temporalio/worker');
const dist = path.resolve(__dirname, '..', 'dist');
const { resolveTemporalCli, HALE_SEARCH_ATTRIBUTES, DEV_SERVER_EXTRA_ARGS } = require(
  path.join(dist, 'infra/temporal'),
);
const { openPglite, migrate } = require(path.join(dist, 'lib/db'));
const { createControlWorker, createRunnerWorkers, runWorkers } = require(path.join(dist, 'workers'));
const { probeRequest } = require(path.join(dist, 'cli/demo-scenario'));
const pino = require('pino');

/**
 * Writes the canonical proto3 JSON history of `workflowId` (what Worker.runReplayHistory reads, as
 * `temporal workflow show --output json` prints it) to test/histories/<file>.json; returns the
 * event count and the file.
 */
function saveHistory(cliPath, address, workflowId, file) {
  const json = execFileSync(
    cliPath,
    ['workflow', 'show', '--workflow-id', workflowId, '--address', address, '--output', 'json'],
    { encoding: 'utf8' },
  );
  const out = path.resolve(__dirname, '..', 'test', 'histories', `${file}.json`);
  fs.writeFileSync(out, json.endsWith('\n') ? json : `${json}\n`);
  return { events: JSON.parse(json).events.length, file: out };
}

async function main() {
  const [name = 'remediation-success', scenario = 'success'] = process.argv.slice(2);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cli = await resolveTemporalCli({ build: false });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli.path },
      extraArgs: [...DEV_SERVER_EXTRA_ARGS],
      searchAttributes: HALE_SEARCH_ATTRIBUTES.map((n) =>
        defineSearchAttributeKey(n, SearchAttributeType.KEYWORD),
      ),
    },
  });
  const db = await openPglite(undefined);
  await migrate(db);
  const log = pino({ level: 'silent' });
  if (scenario === 'runner-registration') {
    const workers = runWorkers([
      await createControlWorker({
        connection: env.nativeConnection,
        namespace: 'default',
        db,
        log,
        taskQueue: 'hale.control',
      }),
    ]);
    try {
      const { LinuxRunner } = require(path.join(dist, 'runner-agents/linux/linux-runner'));
      const { announceRunner } = require(path.join(dist, 'workers'));
      const runner = new LinuxRunner({ services: [], workDir: '/tmp', diskPaths: ['/'] });
      const workflowId = await announceRunner(env.client, {
        hostId: 'recorder-host',
        runner,
        controlQueue: 'hale.control',
      });
      await env.client.workflow.getHandle(workflowId).result();
      const saved = saveHistory(cli.path, env.address, workflowId, name);
      process.stdout.write(`recorded ${saved.events} events to ${saved.file}\n`);
    } finally {
      await workers.shutdown();
      await db.close();
      await env.teardown();
    }
    return;
  }
  if (scenario === 'runner-action') {
    try {
      await recordRunnerAction(name, env, db, log, cli.path);
    } finally {
      await db.close();
      await env.teardown();
    }
    return;
  }
  if (scenario === 'ratification') {
    try {
      await recordRatification(name, env, db, log, cli.path);
    } finally {
      await db.close();
      await env.teardown();
    }
    return;
  }
  if (scenario === 'cache-warm') {
    try {
      await recordCacheWarm(name, env, db, log, cli.path);
    } finally {
      await db.close();
      await env.teardown();
    }
    return;
  }
  const hostId = 'recorder-host';
  const workers = runWorkers([
    await createControlWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      db,
      log,
      taskQueue: 'hale.control',
    }),
    ...(await createRunnerWorkers({
      connection: env.nativeConnection,
      namespace: 'default',
      os: 'linux',
      hostId,
      dataDir: '/tmp',
      log,
    })),
  ]);
  try {
    const request = probeRequest(`${name}-recording`, hostId, 'demo-api');
    if (scenario === 'digest-mismatch') request.sign.digest = `sha256:${'0'.repeat(64)}`;
    const handle = await env.client.workflow.start('remediationWorkflow', {
      workflowId: request.id,
      taskQueue: 'hale.control',
      args: [{ request, watchSeconds: 1 }],
    });
    const result = await handle.result();
    const saved = saveHistory(cli.path, env.address, request.id, name);
    process.stdout.write(`recorded ${saved.events} events (outcome ${result.status}) to ${saved.file}\n`);
  } finally {
    await workers.shutdown();
    await db.close();
    await env.teardown();
  }
}

/** The nightly cache warm over a temp site (keys + a mirror of the test fixtures). */
async function recordCacheWarm(name, env, db, log, cliPath) {
  const os = require('node:os');
  const { loadConfig } = require(path.join(dist, 'lib/config'));
  const { artifactKeyFiles } = require(path.join(dist, 'lib/artifacts/site'));
  const { generateCosignKeyPair } = require(path.join(dist, 'lib/artifacts/signing'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-record-'));
  const mirror = path.join(dir, 'mirror');
  fs.cpSync(path.resolve(__dirname, '..', 'test', 'fixtures', 'artifacts', 'packages'), mirror, {
    recursive: true,
  });
  fs.writeFileSync(path.join(dir, 'hale.yaml'), 'data_dir: ./data\nartifact_store:\n  mirrors: [./mirror]\n');
  const config = loadConfig({ path: path.join(dir, 'hale.yaml'), env: {} });
  process.env.COSIGN_PASSWORD = 'record';
  const files = artifactKeyFiles(config.dataDir);
  fs.mkdirSync(files.dir, { recursive: true });
  for (const [key, pub] of [
    [files.signingKey, files.signingPub],
    [files.indexKey, files.indexPub],
  ]) {
    const pair = await generateCosignKeyPair('record');
    fs.writeFileSync(key, pair.privateKeyPem);
    fs.writeFileSync(pub, pair.publicKeyPem);
  }
  const workers = runWorkers([
    await createControlWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      db,
      log,
      taskQueue: 'hale.control',
      config,
    }),
  ]);
  try {
    const workflowId = `${name}-recording`;
    const result = await env.client.workflow.execute('artifactCacheWarmWorkflow', {
      workflowId,
      taskQueue: 'hale.control',
      args: [{}],
    });
    const saved = saveHistory(cliPath, env.address, workflowId, name);
    process.stdout.write(
      `recorded ${saved.events} events (index version ${result.indexVersion}) to ${saved.file}\n`,
    );
  } finally {
    await workers.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One signed metrics action and one refused (RBAC) restart, each its own workflow; both recorded. */
async function recordRunnerAction(name, env, db, log, cliPath) {
  const os = require('node:os');
  const { loadConfig } = require(path.join(dist, 'lib/config'));
  const { ensureSigner } = require(path.join(dist, 'lib/ledger'));
  const { ReplayGuard } = require(path.join(dist, 'runner-agents/auth'));
  const { LinuxRunner } = require(path.join(dist, 'runner-agents/linux/linux-runner'));
  const { hostTaskQueue } = require(path.join(dist, 'workflows/definitions'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-record-'));
  fs.writeFileSync(path.join(dir, 'hale.yaml'), 'data_dir: ./data\n');
  fs.mkdirSync(path.join(dir, 'work'));
  const config = loadConfig({ path: path.join(dir, 'hale.yaml'), env: {} });
  const control = await ensureSigner(db, config.dataDir);
  const hostId = 'recorder-host';
  const workers = runWorkers([
    await createControlWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      db,
      log,
      taskQueue: 'hale.control',
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
        runner: new LinuxRunner({ services: [], workDir: path.join(dir, 'work'), metricsSampleMs: 100 }),
        keys: [{ keyId: control.keyId, publicKey: control.publicKey }],
        rbac: { version: 1, allow: [{ permission: 'metrics' }] },
        replay: new ReplayGuard(path.join(dir, 'seen.jsonl')),
        workDir: path.join(dir, 'work'),
      },
    })),
  ]);
  try {
    // A registered live runner: the handover target when 'gone-host' does not pick its action up.
    await db.query(
      `INSERT INTO runners (host_id, os, probe, ledger_seq) VALUES ($1, 'linux', '{}'::jsonb, 0)`,
      [hostId],
    );
    const gone = { hostQueue: hostTaskQueue('linux', 'gone-host'), pickupTimeout: '2 seconds' };
    for (const [suffix, input] of [
      ['done', { fields: { kind: 'metrics', host: hostId }, hostQueue: hostTaskQueue('linux', hostId) }],
      [
        'refused',
        {
          fields: { kind: 'restart', host: hostId, service: 'demo-api' },
          hostQueue: hostTaskQueue('linux', hostId),
        },
      ],
      ['handover', { fields: { kind: 'metrics', host: 'gone-host' }, ...gone, handover: { os: 'linux' } }],
      ['unavailable', { fields: { kind: 'metrics', host: 'gone-host' }, ...gone }],
    ]) {
      const workflowId = `${name}-${suffix}-recording`;
      const result = await env.client.workflow.execute('runnerActionWorkflow', {
        workflowId,
        taskQueue: 'hale.control',
        args: [input],
      });
      const saved = saveHistory(cliPath, env.address, workflowId, `${name}-${suffix}`);
      process.stdout.write(`recorded ${saved.events} events (${result.outcome}) to ${saved.file}\n`);
    }
  } finally {
    await workers.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function recordRatification(name, env, db, log, cliPath) {
  const workers = runWorkers([
    await createControlWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      db,
      log,
      taskQueue: 'hale.control',
    }),
  ]);
  try {
    for (const [suffix, decide, timeoutMs] of [
      [
        'approved',
        { update: 'hale.gate.approve', args: [{ actor: 'oncall@example', reason: 'right call' }] },
        60000,
      ],
      [
        'vetoed',
        { update: 'hale.gate.veto', args: [{ actor: 'ic-lead', reason: 'should have waited' }] },
        60000,
      ],
      ['expired', null, 1000],
    ]) {
      const workflowId = `${name}-${suffix}-recording`;
      const handle = await env.client.workflow.start('ratificationWorkflow', {
        workflowId,
        taskQueue: 'hale.control',
        args: [
          {
            remediationId: `rem-${suffix}`,
            decision: { allow: true, emergency: true },
            reason: 'POLICY_UNAVAILABLE',
            timeoutMs,
          },
        ],
      });
      if (decide) {
        for (;;) {
          const gate = await handle.query('hale.gate.state').catch(() => null);
          if (gate) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await handle.executeUpdate(decide.update, { args: decide.args });
      }
      const result = await handle.result();
      const saved = saveHistory(cliPath, env.address, workflowId, `${name}-${suffix}`);
      process.stdout.write(`recorded ${saved.events} events (${result.outcome}) to ${saved.file}\n`);
    }
  } finally {
    await workers.shutdown();
  }
}

main().catch((err) => {
  process.stderr.write(`record-history: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
