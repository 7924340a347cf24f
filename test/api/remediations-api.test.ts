import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { buildApi, databaseReadiness, temporalReadiness } from '../../api';
import type { Db } from '../../lib/db';
import { openTestDb } from '../support/db';
import { silentLogger } from '../support/logger';
import { startPipelineWorkers } from '../support/pipeline';
import { makeRequest } from '../support/requests';
import { httpRequest, type HttpResponse } from '../support/http';
import { startTestTemporal, waitFor } from '../support/temporal';

describe('HTTP API /api/v1/remediations (real Temporal, real database)', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let app: FastifyInstance;
  let workers: Awaited<ReturnType<typeof startPipelineWorkers>>;
  let http: (
    method: 'GET' | 'POST',
    url: string,
    payload?: string,
    headers?: Record<string, string>,
  ) => Promise<HttpResponse>;

  beforeAll(async () => {
    env = await startTestTemporal();
    db = await openTestDb();
    workers = await startPipelineWorkers(env, db);
    app = buildApi({
      client: env.client,
      db,
      namespace: env.namespace ?? 'default',
      log: silentLogger,
      registry: new Registry(),
      taskQueue: workers.taskQueue,
      watchSeconds: 0,
      bodyLimit: 16 * 1024,
      checks: [temporalReadiness(env.connection), databaseReadiness(db)],
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    http = (method, url, payload, headers = {}) => httpRequest(address, method, url, payload, headers);
  });
  afterAll(async () => {
    await app?.close();
    await workers?.shutdown();
    await db?.close();
    await env?.teardown();
  });

  const post = (payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    http(
      'POST',
      '/api/v1/remediations',
      typeof payload === 'string' ? payload : JSON.stringify(payload),
      headers,
    );

  async function workflowExists(id: string): Promise<boolean> {
    try {
      await env.client.workflow.getHandle(id).describe();
      return true;
    } catch {
      return false;
    }
  }

  it('starts a remediation and reports its stage and status until it ends', async () => {
    const request = makeRequest(workers.hostId);
    const res = await post(request);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: request.id, workflowId: request.id, created: true });
    const done = await waitFor('remediation to complete', async () => {
      const view = (await http('GET', `/api/v1/remediations/${request.id}`)).json();
      return view.status === 'COMPLETED' ? view : undefined;
    });
    expect(done).toMatchObject({ outcome: 'success', stage: 'finished' });
    expect(done.stages).toHaveLength(10);
  });

  it('refuses malformed JSON with 400 and starts nothing', async () => {
    const res = await post('{"id": "rem-broken", ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('MALFORMED_JSON');
    expect(await workflowExists('rem-broken')).toBe(false);
  });

  it('refuses an oversized body with 413 and starts nothing', async () => {
    const request = { ...makeRequest(workers.hostId), reason: 'x'.repeat(20 * 1024) };
    const res = await post(request);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('BODY_TOO_LARGE');
    expect(await workflowExists(request.id)).toBe(false);
  });

  it.each([
    ['an unknown field', (r: Record<string, unknown>) => ({ ...r, surprise: 1 }), '/surprise'],
    ['a missing field', ({ ops: _ops, ...r }: Record<string, unknown>) => r, '/ops'],
    [
      'a non-local artifact',
      (r: Record<string, unknown>) => ({ ...r, artifact_ref: 'https://evil.example/x.whl' }),
      '/artifact_ref',
    ],
  ])('refuses %s with 400 naming the field', async (_what, mutate, field) => {
    const base = makeRequest(workers.hostId);
    const request = mutate(base as unknown as Record<string, unknown>);
    const res = await post(request);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_REQUEST', field });
    expect(await workflowExists(base.id)).toBe(false);
  });

  it('refuses a request whose digest does not match with 400 on /sign/digest', async () => {
    const request = makeRequest(workers.hostId);
    const res = await post({ ...request, reason: 'changed after signing' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'DIGEST_MISMATCH', field: '/sign/digest' });
    expect(await workflowExists(request.id)).toBe(false);
  });

  it('returns the same run for the same id, also when posted concurrently, and one workflow only', async () => {
    const request = makeRequest(workers.hostId);
    const responses = await Promise.all(Array.from({ length: 6 }, () => post(request)));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const runIds = new Set(responses.map((r) => r.json().runId));
    expect(runIds.size).toBe(1);
    await env.client.workflow.getHandle(request.id).result();
    const again = await post(request);
    expect(again.statusCode).toBe(200);
    expect(again.json().runId).toBe([...runIds][0]);
    const runs = [];
    for await (const wf of env.client.workflow.list({ query: `WorkflowId = '${request.id}'` }))
      runs.push(wf.runId);
    expect(runs).toEqual([...runIds]);
  });

  it('refuses the same id with a different request with 409', async () => {
    const request = makeRequest(workers.hostId);
    expect((await post(request)).statusCode).toBe(201);
    const other = makeRequest(workers.hostId, { id: request.id, reason: 'another request' });
    const res = await post(other);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ID_CONFLICT');
  });

  it('answers 404 with a JSON error for an unknown remediation and an unknown route', async () => {
    const res = await http('GET', '/api/v1/remediations/rem-never-seen');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect((await http('GET', '/nope')).json().error.code).toBe('NOT_FOUND');
  });

  it('serves /healthz, /readyz and /metrics', async () => {
    expect((await http('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await http('GET', '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', failed: [] });
    expect((await http('GET', '/metrics')).statusCode).toBe(200);
  });
});
