import { Client, type Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { buildApi, databaseReadiness, readinessConnection, temporalReadiness } from '../../api';
import { freePort } from '../../lib/net';
import { openTestDb } from '../support/db';
import { httpRequest } from '../support/http';
import { silentLogger } from '../support/logger';

describe('GET /readyz names what is unreachable', () => {
  let app: FastifyInstance;
  let base: string;
  let connection: Connection;

  beforeAll(async () => {
    // A Temporal address where nothing listens, and a database that has been closed.
    connection = readinessConnection(`127.0.0.1:${await freePort()}`);
    const db = await openTestDb();
    await db.close();
    app = buildApi({
      client: new Client({ connection }),
      db,
      namespace: 'default',
      log: silentLogger,
      registry: new Registry(),
      checks: [temporalReadiness(connection), databaseReadiness(db)],
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await connection?.close();
  });

  it('answers 503 with both failed checks and their errors', async () => {
    const res = await httpRequest(base, 'GET', '/readyz');
    expect(res.statusCode).toBe(503);
    const body = res.json();
    expect(body.status).toBe('unready');
    expect(body.failed.sort()).toEqual(['database', 'temporal']);
    expect(body.checks.database.error).toEqual(expect.any(String));
  });

  it('still answers /healthz', async () => {
    expect((await httpRequest(base, 'GET', '/healthz')).statusCode).toBe(200);
  });
});
