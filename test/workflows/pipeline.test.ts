import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openGovernance, policyCacheSigner, sitePolicy } from '../../lib/policy';
import { clientInterceptors, createTracing, type HaleTracing } from '../../lib/telemetry';
import { RouterClient } from '../../runner-agents/linux/traffic-router';
import type { RunnerResultV1 } from '../../schemas/types.generated';
import {
  PIPELINE_STAGES,
  gateQuery,
  statusQuery,
  vetoUpdate,
  type RemediationStatus,
} from '../../workflows/definitions';
import type { RemediationWorkflowInput } from '../../workflows';
import { startPipelineSite, type PipelineSite } from '../support/pipeline-site';
import { startLiveTraffic } from '../support/live-traffic';
import { startTestTemporal, waitFor } from '../support/temporal';

/**
 * The wired pipeline (patched pipeline-v2) end to end: a signed request for a lockfile change to a
 * blue/green Python service; real L1 voters (rules, bandit/ESLint/OSV, offline reviewer), L2 on a
 * green staged in the sandbox and measured by the runner, governance from infra/policy built with
 * opa and verified, the blue/green deployment under live traffic, the ledger.
 */
describe('remediationWorkflow pipeline v2 (real Temporal, runner, router, venvs, opa)', () => {
  let env: TestWorkflowEnvironment;
  let site: PipelineSite;
  let traffic: { stop(): Promise<{ posts: number; failedPosts: number }> } | undefined;
  const recording = process.env.HALE_RECORD_HISTORIES === '1';

  const exporter = new InMemorySpanExporter();
  let tracing: HaleTracing;

  beforeAll(async () => {
    env = await startTestTemporal();
    tracing = createTracing({ serviceName: 'hale-pipeline-test', exporter });
    site = await startPipelineSite(env, { tracing });
  });
  afterEach(async () => {
    await traffic?.stop();
    traffic = undefined;
  });
  afterAll(async () => {
    await site?.dispose();
    await tracing?.shutdown();
    await env?.teardown();
  });

  const startTraffic = () => startLiveTraffic(site.router.url, 10);

  const start = (
    request: RemediationWorkflowInput['request'],
    taskQueue = site.taskQueue,
    client = env.client,
  ) =>
    client.workflow.start('remediationWorkflow', {
      workflowId: request.id,
      taskQueue,
      args: [{ request, watchSeconds: 0 } satisfies RemediationWorkflowInput],
    });
  const finish = async (handle: WorkflowHandle): Promise<RunnerResultV1> => {
    const result = (await handle.result()) as RunnerResultV1;
    if (recording && handle.workflowId.startsWith('remediation-v2-')) {
      const file = path.resolve(__dirname, '..', 'histories', `${handle.workflowId}.json`);
      fs.writeFileSync(file, `${historyToJSON(await handle.fetchHistory())}\n`);
    }
    return result;
  };
  const stagesOf = async (id: string) =>
    (
      await site.db.query<{ stage: string; status: string }>(
        'SELECT stage, status FROM remediation_stages WHERE remediation_id = $1 ORDER BY seq',
        [id],
      )
    ).rows.map((r) => `${r.stage}:${r.status}`);
  const ledgerTypes = async (id: string) =>
    (
      await site.db.query<{ type: string }>(
        'SELECT type FROM ledger_entries WHERE workflow_id = $1 ORDER BY seq',
        [id],
      )
    ).rows.map((r) => r.type);
  const greenGone = async () => {
    const state = await new RouterClient(site.router.socketPath).state();
    expect(state).toMatchObject({ active: 'blue', upstreams: { green: null } });
  };

  it('a good version goes through every stage, is promoted under live traffic and committed', async () => {
    traffic = startTraffic();
    const request = site.request('1.1.0', { id: recording ? 'remediation-v2-success' : undefined });
    exporter.reset();
    const traced = new Client({ connection: env.connection, interceptors: clientInterceptors(tracing) });
    const handle = await start(request, site.taskQueue, traced);
    const result = await finish(handle);
    expect(result.explanation).toBe('demo-api: demo-lib-1.1.0 promoted, watched and committed');
    expect(result).toMatchObject({ status: 'success', snapshot: site.bundles['1.0.0'] });
    expect(await stagesOf(request.id)).toEqual(PIPELINE_STAGES.map((s) => `${s}:succeeded`));
    expect(await site.served()).toBe('1.1.0');
    const status = (await handle.query(statusQuery)) as RemediationStatus;
    expect(status.signer).toMatchObject({ status: 'signed' });
    expect(status.votes?.L1?.outcome).toBe('accepted');
    expect(status.votes?.L2?.votes.map((v) => (v as { voter: string }).voter)).toEqual([
      'l2:compliance',
      'l2:integration-tests',
      'l2:perf-budget',
      'l2:chaos',
    ]);
    const t = await traffic.stop();
    traffic = undefined;
    expect(t.failedPosts).toBe(0);
    const description = await handle.describe();
    expect(description.searchAttributes).toMatchObject({ HaleOutcome: ['success'], HaleStage: ['finished'] });
    const metrics = await site.metrics.registry.getSingleMetricAsString('deploy_promotions_total');
    expect(metrics).toMatch(/deploy_promotions_total\{service="demo-api"\} 1/);
    expect(await site.metrics.registry.getSingleMetricAsString('l1_accept_ratio')).toMatch(
      /l1_accept_ratio 1/,
    );
    // one trace for the remediation: every stage span and the shadow comparison's, across the child
    const spans = exporter.getFinishedSpans();
    const root = spans.find((sp) => sp.name === 'StartWorkflow:remediationWorkflow');
    const trace = root?.spanContext().traceId;
    expect(trace).toEqual(expect.any(String));
    const inTrace = spans.filter((sp) => sp.spanContext().traceId === trace).map((sp) => sp.name);
    for (const name of [...PIPELINE_STAGES, 'Deploy.compare', 'RunWorkflow:blueGreenDeployWorkflow'])
      expect(inTrace).toContain(name);
    const compare = spans.find((sp) => sp.name === 'Deploy.compare');
    expect(compare?.attributes).toMatchObject({
      'hale.verdict': 'pass',
      'hale.compare.samples': expect.any(Number),
    });
    expect(compare?.attributes['hale.compare.samples']).toBeGreaterThanOrEqual(10); // the gate's min_samples
    const [s0, ns] = compare?.duration ?? [0, 0];
    expect(s0 * 1000 + ns / 1e6).toBeGreaterThanOrEqual(1_400); // from the shadow window's start (1.5 s)
  });

  it('a version whose orders fail is stopped at L2 by the sandboxed integration tests: production untouched, green aborted', async () => {
    const before = await site.served();
    const request = site.request('1.3.0', { id: recording ? 'remediation-v2-failed' : undefined });
    const result = await finish(await start(request));
    expect(result.status).toBe('failed');
    expect(result.explanation).toMatch(/^L2\.vote rejected/);
    expect(await stagesOf(request.id)).toEqual([
      'AVN.detect:succeeded',
      'RCA.infer:succeeded',
      'plan:succeeded',
      'L1.vote:succeeded',
      'L2.vote:failed',
    ]);
    expect(await site.served()).toBe(before);
    await greenGone();
    expect(await ledgerTypes(request.id)).toContain('remediation.compensation');
  });

  it('a version that fails only under sustained traffic burns after promotion and is rolled back to the warm blue', async () => {
    const before = await site.served();
    traffic = startTraffic();
    const request = site.request('1.2.0', { id: recording ? 'remediation-v2-rolled-back' : undefined });
    const result = await finish(await start(request));
    expect(result.status).toBe('rolled_back');
    expect(result.explanation).toContain('SLO_BURN');
    expect(result.metrics.burn_to_blue_s).toBeLessThan(2);
    expect(await stagesOf(request.id)).toEqual([
      ...PIPELINE_STAGES.slice(0, PIPELINE_STAGES.indexOf('watch')).map((s) => `${s}:succeeded`),
      'watch:failed',
    ]);
    expect(await site.served()).toBe(before);
    await greenGone();
    expect(await site.metrics.registry.getSingleMetricAsString('deploy_rollbacks_total')).toMatch(
      /deploy_rollbacks_total\{service="demo-api",reason="SLO_BURN"\} 1/,
    );
  });

  it.each([
    ['unsigned', { sign: 'none' as const }, 'REQUEST_UNSIGNED'],
    ['signed by an unknown key', { sign: 'untrusted' as const }, 'REQUEST_KEY_UNKNOWN'],
  ])(
    'a request %s is refused before any stage and the refusal is on the ledger',
    async (_name, opts, code) => {
      const request = site.request('1.1.0', opts);
      const result = await finish(await start(request));
      expect(result.status).toBe('failed');
      expect(result.explanation).toContain(code);
      expect(result.stages).toEqual([]);
      expect(await stagesOf(request.id)).toEqual([]);
      expect(await ledgerTypes(request.id)).toEqual(['remediation.refused']);
    },
  );

  it('a request changed after it was signed is refused (the signature no longer covers it)', async () => {
    const signed = site.request('1.1.0');
    const digest = signed.sign.digest;
    const tampered = { ...signed, reason: 'something else' };
    // keep the signature, fix up the digest: the signature is over the old digest
    const { requestDigest } = await import('../../lib/signing');
    tampered.sign = { ...signed.sign, digest: requestDigest(tampered as never) };
    expect(tampered.sign.digest).not.toBe(digest);
    const result = await finish(await start(tampered));
    expect(result.explanation).toContain('REQUEST_SIGNATURE_INVALID');
    expect(await stagesOf(tampered.id)).toEqual([]);
  });

  it('a policy violation is a hard stop, with the rule that fired; green is aborted', async () => {
    // production, on a Saturday: outside every change window of infra/policy
    const queue = await site.controlWorker({
      environment: 'production',
      now: () => new Date('2026-11-28T12:00:00Z'),
    });
    const request = site.request('1.1.0', { id: recording ? 'remediation-v2-vetoed' : undefined });
    const result = await finish(await start(request, queue));
    expect(result.status).toBe('failed');
    expect(result.explanation).toMatch(/policy violation: change_window\./);
    expect((await stagesOf(request.id)).at(-1)).toBe('Governance.validate:failed');
    await greenGone();
  });

  it('governance down: the emergency cache runs read-only, the change is not applied, a ratification task opens', async () => {
    const before = await site.served();
    const queue = await site.controlWorker({
      openGovernance: async () =>
        openGovernance({
          ...(await sitePolicy(site.config)),
          bundleFile: path.join(site.dir, 'no-such-bundle.tar.gz'),
          dataDir: site.config.dataDir,
          signer: policyCacheSigner(site.config.dataDir),
        }),
    });
    const request = site.request('1.1.0', { id: recording ? 'remediation-v2-deferred' : undefined });
    const result = await finish(await start(request, queue));
    expect(result.status).toBe('deferred');
    expect(result.explanation).toContain('read-only on the emergency policy cache');
    expect(await site.served()).toBe(before);
    await greenGone();
    const ratification = env.client.workflow.getHandle(`${request.id}:ratification`);
    expect((await ratification.describe()).status.name).toBe('RUNNING');
    await ratification.terminate('test done');
  });

  describe('the promotion gate (hale.yaml blue_green.approval_timeout_ms)', () => {
    let queue: string;
    beforeAll(async () => {
      const config = structuredClone(site.config);
      const bg = config.services[0]?.blueGreen;
      if (bg) bg.approvalTimeoutMs = 60_000;
      queue = await site.controlWorker({}, config);
    });
    const atGate = (id: string) =>
      waitFor(
        'the promotion gate',
        async () =>
          (await env.client.workflow
            .getHandle(`${id}:deploy`)
            .query(gateQuery)
            .catch(() => null)) ?? undefined,
        120_000,
      );

    it('a veto ends the run failed with the actor and reason; green aborted, blue untouched', async () => {
      const before = await site.served();
      traffic = startTraffic(); // the shadow window needs samples before the gate
      const request = site.request('1.1.0');
      const handle = await start(request, queue);
      await atGate(request.id);
      await env.client.workflow
        .getHandle(`${request.id}:deploy`)
        .executeUpdate(vetoUpdate, { args: [{ actor: 'oncall@example', reason: 'not during the sale' }] });
      const result = await finish(handle);
      expect(result.status).toBe('failed');
      expect(result.explanation).toContain('VETOED: vetoed by oncall@example: not during the sale');
      expect((await stagesOf(request.id)).at(-1)).toBe('Deploy:failed');
      expect(await site.served()).toBe(before);
      await greenGone();
    });

    it('nobody deciding in time ends the run deferred; green aborted', async () => {
      const config = structuredClone(site.config);
      const bg = config.services[0]?.blueGreen;
      if (bg) bg.approvalTimeoutMs = 1500;
      const short = await site.controlWorker({}, config);
      const before = await site.served();
      traffic = startTraffic();
      const request = site.request('1.1.0');
      const result = await finish(await start(request, short));
      expect(result.explanation).toContain('APPROVAL_TIMEOUT');
      expect(result.status).toBe('deferred');
      expect(await site.served()).toBe(before);
      await greenGone();
    });
  });
});
