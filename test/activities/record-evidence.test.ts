import { MockActivityEnvironment, defaultActivityInfo } from '@temporalio/testing';
import { createLedgerActivities, type RecordedEvidence } from '../../activities';
import type { Db } from '../../lib/db';
import { verifyLedger } from '../../lib/ledger';
import { openTestDb } from '../support/db';

/** The activity code on a real database; Temporal's activity test harness supplies the activity info. */
describe('recordEvidence / recordEvidenceBatch', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db?.close());

  const envFor = (workflowId: string, activityId: string, attempt = 1) =>
    new MockActivityEnvironment({
      ...defaultActivityInfo,
      activityId,
      attempt,
      workflowExecution: { workflowId, runId: 'run-1' },
    });

  it('a retried activity (same workflow id + activity id + step) gets its first entry back', async () => {
    const { recordEvidence } = createLedgerActivities({ db, actor: 'hale-control' });
    const wf = `wf-${Date.now()}`;
    const first = await envFor(wf, '7').run(recordEvidence, {
      type: 'runner.action',
      payload: { step: 'apply' },
      step: 'apply',
    });
    const retry = await envFor(wf, '7', 2).run(recordEvidence, {
      type: 'runner.action',
      payload: { step: 'apply' },
      step: 'apply',
    });
    expect(retry).toEqual(first);
    const { rows } = await db.query('SELECT 1 FROM ledger_entries WHERE idempotency_key = $1', [
      `${wf}:7:apply`,
    ]);
    expect(rows).toHaveLength(1);
  });

  it('writes a batch in one go, in order, and the chain stays valid', async () => {
    const { recordEvidenceBatch } = createLedgerActivities({ db, actor: 'hale-control' });
    const out: RecordedEvidence[] = await envFor(`wf-b-${Date.now()}`, '3').run(
      recordEvidenceBatch,
      Array.from({ length: 50 }, (_, i) => ({ type: 'runner.action', payload: { i }, step: `s${i}` })),
    );
    expect(out.map((r) => r.seq)).toEqual(out.map((_, i) => (out[0]?.seq ?? 0) + i));
    expect((await verifyLedger(db)).ok).toBe(true);
  });

  it('refuses bad input as a non-retryable failure with its code', async () => {
    const { recordEvidence, recordEvidenceBatch } = createLedgerActivities({ db, actor: 'hale-control' });
    await expect(
      envFor('wf-x', '1').run(recordEvidence, { type: 'not a type!', payload: {}, step: 'a' }),
    ).rejects.toMatchObject({
      type: 'LEDGER_INPUT_INVALID',
      nonRetryable: true,
    });
    await expect(
      envFor('wf-x', '2').run(recordEvidenceBatch, [
        { type: 'a.b', payload: {}, step: 'same' },
        { type: 'a.b', payload: {}, step: 'same' },
      ]),
    ).rejects.toMatchObject({ type: 'LEDGER_INPUT_INVALID', nonRetryable: true });
  });
});
