import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../../lib/db';
import { PIPELINE_STAGES } from '../../workflows/definitions';
import type { RemediationWorkflowInput, remediationWorkflow } from '../../workflows';
import { openTestDb } from '../support/db';
import { startPipelineWorkers } from '../support/pipeline';
import { makeRequest } from '../support/requests';
import { startTestTemporal } from '../support/temporal';

describe('remediationWorkflow on a real Temporal dev server', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let workers: Awaited<ReturnType<typeof startPipelineWorkers>>;

  beforeAll(async () => {
    env = await startTestTemporal();
    db = await openTestDb();
    workers = await startPipelineWorkers(env, db);
  });
  afterAll(async () => {
    await workers?.shutdown();
    await db?.close();
    await env?.teardown();
  });

  const run = (input: RemediationWorkflowInput) =>
    env.client.workflow.execute<typeof remediationWorkflow>('remediationWorkflow', {
      workflowId: input.request.id,
      taskQueue: workers.taskQueue,
      args: [input],
    });

  it('runs every stage in order, records each once and ends in success', async () => {
    const request = makeRequest(workers.hostId);
    const result = await run({ request, watchSeconds: 1 });
    expect(result.status).toBe('success');
    // no site config here: nothing can be planned, and the result says so
    expect(result.explanation).toBe(
      `all ${PIPELINE_STAGES.length} stages passed; probe-only: no change planned for demo-api (no blue/green service of that name in this site's hale.yaml), nothing changed`,
    );
    expect(result.stages?.map((s) => s.stage)).toEqual([...PIPELINE_STAGES]);
    const { rows } = await db.query<{ stage: string; status: string }>(
      'SELECT stage, status FROM remediation_stages WHERE remediation_id = $1 ORDER BY seq',
      [request.id],
    );
    expect(rows.map((r) => r.stage)).toEqual([...PIPELINE_STAGES]);
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    const description = await env.client.workflow.getHandle(request.id).describe();
    expect(description.searchAttributes).toMatchObject({
      HaleOutcome: ['success'],
      HaleStage: ['finished'],
      HaleService: ['demo-api'],
      HaleHost: [workers.hostId],
      HaleOs: ['linux'],
    });
    expect(description.memo).toMatchObject({ stage: 'finished', outcome: 'success' });
  });

  it('runs the runner stages on the target host and records what the runner reported', async () => {
    const request = makeRequest(workers.hostId);
    await run({ request, watchSeconds: 0 });
    const { rows } = await db.query<{ detail: unknown }>(
      "SELECT detail FROM remediation_stages WHERE remediation_id = $1 AND stage = 'Deploy'",
      [request.id],
    );
    const detail = (typeof rows[0]?.detail === 'string' ? JSON.parse(rows[0].detail) : rows[0]?.detail) as {
      runner: { host: string };
    };
    expect(detail.runner.host).toBe(workers.hostId);
  });

  it('refuses a request whose digest does not match before any stage, and records the refusal', async () => {
    const request = makeRequest(workers.hostId);
    request.sign = { ...request.sign, digest: `sha256:${'0'.repeat(64)}` };
    const result = await run({ request, watchSeconds: 0 });
    expect(result.status).toBe('failed');
    expect(result.explanation).toContain('refused before any stage: DIGEST_MISMATCH');
    expect(result.stages).toEqual([]);
    const { rows } = await db.query<{ stage: string }>(
      'SELECT stage FROM remediation_stages WHERE remediation_id = $1',
      [request.id],
    );
    expect(rows).toEqual([]);
    const refused = await db.query<{ type: string; payload: unknown }>(
      'SELECT type, payload FROM ledger_entries WHERE workflow_id = $1',
      [request.id],
    );
    expect(refused.rows.map((r) => r.type)).toEqual(['remediation.refused']);
  });

  it('is deferred when no runner serves the target host in time', async () => {
    const request = makeRequest('host-that-does-not-exist');
    const result = await run({ request, watchSeconds: 0, runnerWaitSeconds: 2 });
    expect(result.status).toBe('deferred');
    expect(result.explanation).toContain('Sandbox.run');
  });
});
