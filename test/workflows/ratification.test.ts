import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../../lib/db';
import { LEDGER_COLUMNS, rowToEntry, type LedgerRow } from '../../lib/ledger';
import { runWorkers } from '../../workers';
import { approveUpdate, gateQuery, vetoUpdate } from '../../workflows/definitions';
import type { RatificationInput, RatificationResult } from '../../workflows';
import { openIsolatedTestDb } from '../support/db';
import { testControlWorker } from '../support/pipeline';
import { startTestTemporal, uniqueId, waitFor } from '../support/temporal';

describe('ratificationWorkflow: a human ratifies or vetoes a decision taken on the emergency policy (real Temporal)', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let workers: ReturnType<typeof runWorkers>;
  let taskQueue: string;

  beforeAll(async () => {
    env = await startTestTemporal();
    db = await openIsolatedTestDb();
    const control = await testControlWorker(env, db, { prefix: 'hale.control.ratify' });
    taskQueue = control.taskQueue;
    workers = runWorkers([control.worker]);
  });
  afterAll(async () => {
    await workers?.shutdown();
    await db?.close();
    await env?.teardown();
  });

  const start = (input: Partial<RatificationInput>) =>
    env.client.workflow.start('ratificationWorkflow', {
      workflowId: uniqueId('ratify'),
      taskQueue,
      args: [
        {
          remediationId: uniqueId('rem'),
          decision: { allow: true, read_only_ok: true, action_class: 'rollback', emergency: true },
          reason: 'POLICY_UNAVAILABLE: governance bundle unreadable',
          ...input,
        },
      ],
    });
  const ledgerFor = async (remediationId: string) => {
    const { rows } = await db.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE workflow_id = $1 ORDER BY seq`,
      [remediationId],
    );
    return rows.map(rowToEntry);
  };

  it('validates the decision: a bad actor or a veto without a reason is rejected; an approval ratifies', async () => {
    const handle = await start({});
    const gate = await waitFor('gate open', async () => (await handle.query(gateQuery)) ?? undefined);
    expect(gate).toMatchObject({ gate: 'ratification', decided: null });
    const rejectedWith = (pattern: RegExp) => ({
      cause: expect.objectContaining({ message: expect.stringMatching(pattern) }),
    });
    await expect(
      handle.executeUpdate(approveUpdate, { args: [{ actor: 'Not An Actor!' }] }),
    ).rejects.toMatchObject(rejectedWith(/actor: required/));
    await expect(
      handle.executeUpdate(vetoUpdate, { args: [{ actor: 'oncall@example' }] }),
    ).rejects.toMatchObject(rejectedWith(/reason: required/));
    const decided = await handle.executeUpdate(approveUpdate, {
      args: [{ actor: 'oncall@example', reason: 'rollback was right' }],
    });
    expect(decided.decided).toMatchObject({ decision: 'approved', actor: 'oncall@example' });
    const result = (await handle.result()) as RatificationResult;
    expect(result.outcome).toBe('approved');
    // the rejected Updates left nothing in the history; the accepted one did
    const history = await handle.fetchHistory();
    const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted).toHaveLength(1);
    const entries = await ledgerFor(result.remediationId);
    expect(entries.map((e) => e.type)).toEqual([
      'governance.ratification.opened',
      'governance.ratification.decided',
    ]);
    expect(entries[1]).toMatchObject({ actor: 'oncall@example', payload: { outcome: 'approved' } });
  });

  it('a veto is recorded with its reason; nobody deciding in time ends expired', async () => {
    const vetoed = await start({});
    await waitFor('gate open', async () => (await vetoed.query(gateQuery)) ?? undefined);
    await vetoed.executeUpdate(vetoUpdate, { args: [{ actor: 'ic-lead', reason: 'should have waited' }] });
    expect(((await vetoed.result()) as RatificationResult).outcome).toBe('vetoed');

    const expired = await start({ timeoutMs: 1500 });
    const r = (await expired.result()) as RatificationResult;
    expect(r.outcome).toBe('expired');
    expect((await ledgerFor(r.remediationId)).at(-1)).toMatchObject({
      actor: 'hale-control',
      payload: { outcome: 'expired' },
    });
  });
});
