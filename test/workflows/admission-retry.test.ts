import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLedgerActivities, createStageActivities } from '../../activities';
import { createAdmissionActivities } from '../../activities/pipeline';
import { DbError, type Db } from '../../lib/db';
import type { RunnerResultV1 } from '../../schemas/types.generated';
import type { RemediationWorkflowInput } from '../../workflows';
import { openTestDb } from '../support/db';
import { silentLogger } from '../support/logger';
import { workflowBundle } from '../support/pipeline';
import { makeRequest } from '../support/requests';
import { startTestTemporal, uniqueId } from '../support/temporal';

jest.setTimeout(120_000);

/**
 * Admission's database access fails with DB_UNREACHABLE the first `n` times (the ledger append of
 * a refusal is a transaction): what a control worker sees while a served PGlite or a Postgres
 * failover is briefly unreachable. Everything else uses the real database.
 */
function unreachableFirst(db: Db, n: number): Db & { failed: () => number } {
  let failed = 0;
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    transaction: (fn) => {
      if (failed < n) {
        failed += 1;
        return Promise.reject(new DbError('DB_UNREACHABLE', 'database postgres://127.0.0.1:1/x unreachable'));
      }
      return db.transaction(fn);
    },
    close: () => db.close(),
    failed: () => failed,
  };
}

describe('admission while the database is briefly unreachable', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;

  beforeAll(async () => {
    env = await startTestTemporal();
    db = await openTestDb();
  });
  afterAll(async () => {
    await db?.close();
    await env?.teardown();
  });

  it('is retried: the refusal is decided on the merits, recorded once, not blamed on the database', async () => {
    const flaky = unreachableFirst(db, 3);
    const taskQueue = uniqueId('hale.control.admission');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: {
        ...createStageActivities({ db, log: silentLogger }),
        ...createLedgerActivities({ db, actor: 'hale-control' }),
        ...createAdmissionActivities({ db: flaky }),
      },
    });
    const request = makeRequest('host-admission');
    request.sign = { ...request.sign, digest: `sha256:${'0'.repeat(64)}` };
    const result = await worker.runUntil(
      env.client.workflow.execute('remediationWorkflow', {
        workflowId: request.id,
        taskQueue,
        args: [{ request, watchSeconds: 0 } satisfies RemediationWorkflowInput],
      }) as Promise<RunnerResultV1>,
    );
    expect(flaky.failed()).toBe(3);
    expect(result.status).toBe('failed');
    expect(result.explanation).toContain('refused before any stage: DIGEST_MISMATCH');
    expect(result.stages).toEqual([]);
    const { rows } = await db.query<{ type: string }>(
      'SELECT type FROM ledger_entries WHERE workflow_id = $1',
      [request.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['remediation.refused']);
  });
});
