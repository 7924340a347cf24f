import { Client, type Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { buildApi, readinessConnection } from '../../api';
import type { Db } from '../../lib/db';
import { annotate, appendEntry } from '../../lib/ledger';
import { freePort } from '../../lib/net';
import { openTestDb } from '../support/db';
import { httpRequest } from '../support/http';
import { silentLogger } from '../support/logger';

describe('GET /api/v1/incidents/:id/timeline', () => {
  let db: Db;
  let app: FastifyInstance;
  let base: string;
  let connection: Connection;
  const incident = `inc-${Date.now().toString(36)}`;

  beforeAll(async () => {
    db = await openTestDb();
    connection = readinessConnection(`127.0.0.1:${await freePort()}`);
    app = buildApi({
      client: new Client({ connection }),
      db,
      namespace: 'default',
      log: silentLogger,
      registry: new Registry(),
      checks: [],
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    const first = await appendEntry(db, {
      type: 'slo.anomaly.detected.v1',
      actor: 'avn',
      subject: { incident_id: incident, service: 'api' },
      payload: { metric: 'api_p95_ms', value: 900 },
    });
    await appendEntry(db, {
      type: 'manual.action',
      actor: 'alice',
      subject: { incident_id: incident },
      payload: { action: 'paged on-call' },
    });
    await annotate(db, {
      targetSeq: first.seq,
      kind: 'EXPLANATION_NL',
      actor: 'rca',
      text: 'p95 rose after the pool size change',
    });
  });
  afterAll(async () => {
    await app?.close();
    await connection?.close();
    await db?.close();
  });

  it('returns the entries in order with their annotations, as JSON', async () => {
    const res = await httpRequest(base, 'GET', `/api/v1/incidents/${incident}/timeline`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.entries.map((e: { type: string }) => e.type)).toEqual([
      'slo.anomaly.detected.v1',
      'manual.action',
    ]);
    expect(body.entries[0].annotations).toEqual([
      expect.objectContaining({ kind: 'EXPLANATION_NL', text: 'p95 rose after the pool size change' }),
    ]);
  });

  it('returns text with ?format=text', async () => {
    const res = await httpRequest(base, 'GET', `/api/v1/incidents/${incident}/timeline?format=text`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Incident ${incident}: 2 entries, 1 annotations`);
    expect(res.body).toContain('↳');
  });

  it('answers 404 for an unknown incident and 400 for a bad id or format, as JSON errors', async () => {
    expect((await httpRequest(base, 'GET', '/api/v1/incidents/nope-nope/timeline')).json().error.code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await httpRequest(base, 'GET', `/api/v1/incidents/${incident}/timeline?format=xml`)).statusCode,
    ).toBe(400);
    expect((await httpRequest(base, 'GET', '/api/v1/incidents/%20bad/timeline')).json().error.code).toBe(
      'INVALID_ID',
    );
  });
});
