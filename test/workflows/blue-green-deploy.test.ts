import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describeArtifact } from '../../lib/artifacts/describe';
import { openSiteStore, writerKeys } from '../../lib/artifacts/site';
import type { HaleConfig } from '../../lib/config';
import type { Db } from '../../lib/db';
import { ensureSigner } from '../../lib/ledger';
import { freePort } from '../../lib/net';
import { ReplayGuard } from '../../runner-agents/auth';
import { LinuxRunner } from '../../runner-agents/linux/linux-runner';
import { pythonEnvPaths } from '../../runner-agents/linux/python-env';
import { ProcessDriver } from '../../runner-agents/linux/services/process-driver';
import { RouterClient, startRouter, type RouterHandle } from '../../runner-agents/linux/traffic-router';
import { createRunnerWorkers, runWorkers } from '../../workers';
import type { BlueGreenDeployInput, BlueGreenDeployResult } from '../../workflows';
import { approveUpdate, gateQuery, vetoUpdate } from '../../workflows/definitions';
import { Registry } from 'prom-client';
import { buildApi } from '../../api';
import { DEMO_APP } from '../runner-agents/demo-service-fixture';
import { spawnHale } from '../support/cli';
import { openIsolatedTestDb } from '../support/db';
import { httpRequest } from '../support/http';
import { silentLogger } from '../support/logger';
import { testControlWorker } from '../support/pipeline';
import { siteWithStoreKeys } from '../support/site';
import { startLiveTraffic } from '../support/live-traffic';
import { startTestTemporal, uniqueId, waitFor } from '../support/temporal';
import { makeWheel } from '../support/wheels';
import { installInitialEnvironment } from '../support/python-env';

/** demo_lib versions: good ones, one whose orders fail (POST: never mirrored), one whose price differs. */
const VERSIONS: Record<string, string> = {
  '1.0.0': 'VERSION = "1.0.0"\n',
  '1.1.0': 'VERSION = "1.1.0"\n',
  '1.2.0': 'VERSION = "1.2.0"\ndef process_order(order):\n    raise RuntimeError("orders broken")\n',
  '1.3.0': 'VERSION = "1.3.0"\ndef price():\n    return 90\n',
};

describe('blueGreenDeployWorkflow: stage, shadow compare, promote, watch, roll back or commit (real Temporal, router, venvs, processes)', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let dir: string;
  let config: HaleConfig;
  let router: RouterHandle;
  let workers: ReturnType<typeof runWorkers>;
  let taskQueue: string;
  const locks: Record<string, string> = {};
  const slots = { a: 0, b: 0 };
  const hostId = uniqueId('host');
  const savedPassword = process.env.COSIGN_PASSWORD;
  let traffic: { stop(): Promise<{ posts: number; failedPosts: number }> } | undefined;

  const served = async () =>
    ((await (await fetch(`${router.url}/health`)).json()) as { demo_lib: string }).demo_lib;

  const startTraffic = () => startLiveTraffic(router.url);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-bg-deploy-'));
    process.env.COSIGN_PASSWORD = 'bg-test';
    config = await siteWithStoreKeys(dir, 'bg-test');
    env = await startTestTemporal();
    db = await openIsolatedTestDb();
    const mirror = path.join(dir, 'mirror');
    fs.mkdirSync(mirror);
    const store = await openSiteStore(config, db, 'tester');
    const wheels = Object.entries(VERSIONS).map(
      ([v, code]) => [v, makeWheel(mirror, 'demo_lib', v, { 'demo_lib/__init__.py': code })] as const,
    );
    await store.import(
      wheels.map(([, w]) => ({ file: w.file })),
      await writerKeys(config),
      describeArtifact(),
    );
    for (const [v, w] of wheels) {
      locks[v] = `demo-lib==${v} \\\n    --hash=sha256:${w.sha256}\n`;
      fs.writeFileSync(path.join(dir, `req-${v}.lock`), locks[v] as string);
    }
    const envRoot = path.join(dir, 'demo-api');
    await installInitialEnvironment({
      envRoot,
      lockfile: path.join(dir, 'req-1.0.0.lock'),
      store,
      stagingDir: path.join(dir, 'staging-initial'),
    });
    slots.a = await freePort();
    slots.b = await freePort();
    router = await startRouter({
      service: 'demo-api',
      listen: { host: '127.0.0.1', port: 0 },
      socketPath: path.join(dir, 'router.sock'),
      stateFile: path.join(dir, 'router.json'),
      upstreams: { blue: `http://127.0.0.1:${slots.a}` },
    });
    const runner = new LinuxRunner({
      services: [
        {
          name: 'demo-api',
          process: {
            name: 'demo-api',
            command: ['{venv}/bin/python', DEMO_APP],
            cwd: dir,
            stateDir: path.join(dir, 'run'),
            healthTimeoutMs: 8000,
          },
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
    const controlWorker = await testControlWorker(env, db, { prefix: 'hale.control.bg', config });
    taskQueue = controlWorker.taskQueue;
    workers = runWorkers([
      controlWorker.worker,
      ...(await createRunnerWorkers({
        connection: env.nativeConnection,
        namespace: 'default',
        os: 'linux',
        hostId,
        dataDir: dir,
        log: silentLogger,
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
    // the live slot (a) serves before any traffic (the first stage would start it too)
    await new ProcessDriver({
      name: 'demo-api@a',
      command: ['{venv}/bin/python', DEMO_APP],
      cwd: dir,
      env: { PORT: String(slots.a) },
      stateDir: path.join(dir, 'run'),
      envDir: pythonEnvPaths(envRoot).current,
      healthUrl: `http://127.0.0.1:${slots.a}/health`,
      healthTimeoutMs: 8000,
    }).start();
  });
  afterEach(async () => {
    await traffic?.stop();
    traffic = undefined;
  });
  afterAll(async () => {
    await workers?.shutdown();
    for (const slot of ['a', 'b'] as const) await slotProcess(slot).stop();
    await router?.stop();
    await db?.close();
    await env?.teardown();
    if (savedPassword === undefined) delete process.env.COSIGN_PASSWORD;
    else process.env.COSIGN_PASSWORD = savedPassword;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A slot's process as the runner started it (its state file under run/): to inspect or stop it. */
  const slotProcess = (slot: 'a' | 'b') =>
    new ProcessDriver({ name: `demo-api@${slot}`, command: [], cwd: dir, stateDir: path.join(dir, 'run') });
  const atPromotionGate = (handle: WorkflowHandle) =>
    waitFor(
      'promotion gate',
      async () => (await handle.query(gateQuery).catch(() => null)) ?? undefined,
      60_000,
    );

  const input = (version: string, extra: Partial<BlueGreenDeployInput> = {}): BlueGreenDeployInput => ({
    remediationId: uniqueId('rem'),
    os: 'linux',
    host: hostId,
    service: 'demo-api',
    lockfile: { format: 'requirements', content: locks[version] as string },
    shadow: {
      windowMs: 1500,
      gate: { minSamples: 10, maxP95Ratio: 3, maxMismatchRate: 0, maxErrorRate: 0, p95SlackMs: 50 },
    },
    watch: { windowMs: 2500, pollMs: 400, slo: { error_rate: 0.05 }, minSamples: 10 },
    ...extra,
  });
  const recording = process.env.HALE_RECORD_HISTORIES === '1';
  /** Recorded runs use the history's file name as workflow id (the replay suite replays under it). */
  const start = async (i: BlueGreenDeployInput, name: string) => {
    traffic = startTraffic();
    return env.client.workflow.start('blueGreenDeployWorkflow', {
      workflowId: recording ? `blue-green-deploy-${name}` : uniqueId('deploy'),
      taskQueue,
      args: [i],
    });
  };

  /**
   * HALE_RECORD_HISTORIES=1 writes each run's history to test/histories/ (the replay suite replays
   * them): recordings of these real runs, refreshed only on purpose.
   */
  const finish = async (handle: WorkflowHandle, name: string): Promise<BlueGreenDeployResult> => {
    const result = (await handle.result()) as BlueGreenDeployResult;
    if (recording) {
      const file = path.resolve(__dirname, '..', 'histories', `blue-green-deploy-${name}.json`);
      fs.writeFileSync(file, `${historyToJSON(await handle.fetchHistory())}\n`);
    }
    return result;
  };

  it('a good version is staged, compared, promoted, watched and committed', async () => {
    const r = await finish(await start(input('1.1.0'), 'success'), 'success');
    expect(r).toMatchObject({ outcome: 'success', shadow: { verdict: 'pass' }, burn: { verdict: 'pass' } });
    expect(await served()).toBe('1.1.0');
    const t = await traffic?.stop();
    traffic = undefined;
    expect(t?.failedPosts).toBe(0); // no request failed across stage, switch and commit
    // the stage action's lockfile folder is gone once the action ended (the ledger keeps the action)
    expect(fs.readdirSync(path.join(dir, 'work', 'actions'))).toEqual([]);
  });

  it('a version that breaks orders (never mirrored) passes the shadow compare, burns after promotion and is rolled back', async () => {
    const r = await finish(await start(input('1.2.0'), 'rolled-back'), 'rolled-back');
    expect(r).toMatchObject({
      outcome: 'rolled_back',
      code: 'SLO_BURN',
      shadow: { verdict: 'pass' },
      burn: { verdict: 'fail' },
    });
    expect(r.rollback?.router_switch_ms).toBeLessThan(1000);
    expect(
      Date.parse(r.rollback?.traffic_back_at ?? '') - Date.parse(r.rollback?.burn_detected_at ?? ''),
    ).toBeLessThan(2000);
    expect(await served()).toBe('1.1.0');
    expect((await new RouterClient(router.socketPath).state()).upstreams.green).toBeNull();
  });

  it('a version whose answers differ fails the shadow compare: nothing is promoted, green is aborted and recorded', async () => {
    const r = await finish(await start(input('1.3.0'), 'shadow-failed'), 'shadow-failed');
    expect(r).toMatchObject({
      outcome: 'failed',
      code: 'SHADOW_COMPARE_FAILED',
      shadow: { verdict: 'fail' },
    });
    expect(r.compensations).toEqual([{ name: 'abort green', ok: true }]);
    expect(await served()).toBe('1.1.0');
    const state = await new RouterClient(router.socketPath).state();
    expect(state).toMatchObject({ active: 'blue', upstreams: { green: null } });
  });

  it('a veto at the promotion gate ends failed and aborts green; blue keeps serving', async () => {
    const handle = await start(input('1.0.0', { approval: { timeoutMs: 60_000 } }), 'vetoed');
    await atPromotionGate(handle);
    await handle.executeUpdate(vetoUpdate, {
      args: [{ actor: 'oncall@example', reason: 'not during the sale' }],
    });
    const r = await finish(handle, 'vetoed');
    expect(r).toMatchObject({
      outcome: 'failed',
      code: 'VETOED',
      compensations: [{ name: 'abort green', ok: true }],
    });
    expect(await served()).toBe('1.1.0');
  });

  it('a green that crashes after the shadow compare is never promoted: the approved promotion fails, blue keeps 100%', async () => {
    const handle = await start(input('1.0.0', { approval: { timeoutMs: 60_000 } }), 'candidate-down');
    await atPromotionGate(handle);
    const routes = await new RouterClient(router.socketPath).state();
    const greenSlot = routes.upstreams.green?.endsWith(`:${slots.a}`) ? 'a' : 'b';
    const green = () => slotProcess(greenSlot);
    process.kill(-(green().status().state?.pid as number), 'SIGKILL');
    await waitFor('green gone', async () => !green().status().running || undefined, 10_000);
    await handle.executeUpdate(approveUpdate, { args: [{ actor: 'oncall@example', reason: 'looks fine' }] });
    const r = await finish(handle, 'candidate-down');
    expect(r).toMatchObject({
      outcome: 'failed',
      code: 'BLUEGREEN_CANDIDATE_DOWN',
      compensations: [{ name: 'abort green', ok: true }],
    });
    expect(r.timeline.promoted).toBeUndefined();
    expect(await served()).toBe('1.1.0');
    expect(await new RouterClient(router.socketPath).state()).toMatchObject({
      active: 'blue',
      upstreams: { green: null },
    });
    expect(green().status().running).toBe(false);
  });

  it('the rollback stays armed after a clean watch: one Update takes traffic back to the warm blue', async () => {
    const prefix = async () =>
      ((await (await fetch(`${router.url}/health`)).json()) as { prefix: string }).prefix;
    const before = await prefix();
    const handle = await start(input('1.1.0', { armedWindowMs: 60_000 }), 'manual-rollback');
    await waitFor(
      'armed window',
      async () => ((await handle.describe()).memo?.deploy === 'armed' ? true : undefined),
      60_000,
    );
    const promoted = await prefix();
    expect(promoted).not.toBe(before); // green serves
    // one API call: POST /api/v1/deployments/:id/rollback
    const api = buildApi({
      client: env.client,
      db,
      namespace: 'default',
      log: silentLogger,
      registry: new Registry(),
      taskQueue,
      checks: [],
    });
    const address = await api.listen({ host: '127.0.0.1', port: 0 });
    const rollback = (id: string, payload: object) =>
      httpRequest(address, 'POST', `/api/v1/deployments/${id}/rollback`, JSON.stringify(payload), {
        'content-type': 'application/json',
      });
    const noReason = await rollback(handle.workflowId, { actor: 'oncall@example' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ error: { code: 'INVALID_REQUEST', field: 'reason' } });
    const badActor = await rollback(handle.workflowId, { actor: 'Not Me!', reason: 'x' });
    expect(badActor.json()).toMatchObject({ error: { code: 'INVALID_REQUEST', field: 'actor' } });
    expect((await rollback('no-such-deployment', { actor: 'a', reason: 'b' })).statusCode).toBe(404);
    const accepted = await rollback(handle.workflowId, {
      actor: 'oncall@example',
      reason: 'checkout errors in the support queue',
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ accepted: true, actor: 'oncall@example' });
    const r = await finish(handle, 'manual-rollback');
    const late = await rollback(handle.workflowId, { actor: 'oncall@example', reason: 'again' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { code: 'NOT_ARMED' } });
    // the same through the CLI: refused, exit 2
    const cli = spawnHale([
      'deploy',
      'rollback',
      handle.workflowId,
      '--actor',
      'oncall@example',
      '--reason',
      'x',
      '--api',
      address,
    ]);
    expect((await cli.exited).code).toBe(2);
    expect(cli.output()).toContain('NOT_ARMED');
    await api.close();
    expect(r).toMatchObject({ outcome: 'rolled_back', code: 'MANUAL_ROLLBACK' });
    expect(r.rollback?.router_switch_ms).toBeLessThan(1000);
    expect(await prefix()).toBe(before);
  });
});
