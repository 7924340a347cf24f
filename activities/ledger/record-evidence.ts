import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../../lib/db';
import { appendEntries, LedgerError, type Subject } from '../../lib/ledger';

export interface EvidenceInput {
  type: string;
  subject?: Subject;
  payload: unknown;
  /** Names this record within the activity: the idempotency key is workflow id + activity id + step. */
  step: string;
  /** Defaults to the worker's own identity. */
  actor?: string;
}

export interface RecordedEvidence {
  seq: number;
  hash: string;
}

function key(step: string): string {
  const info = Context.current().info;
  return `${info.workflowExecution?.workflowId ?? 'no-workflow'}:${info.activityId}:${step}`;
}

/** Ledger activities for the control worker: every workflow stage records its evidence through them. */
export function createLedgerActivities(deps: { db: Db; actor: string }) {
  const append = async (inputs: EvidenceInput[]): Promise<RecordedEvidence[]> => {
    const steps = new Set(inputs.map((i) => i.step));
    if (steps.size !== inputs.length)
      throw ApplicationFailure.nonRetryable(
        'each evidence record needs its own step',
        'LEDGER_INPUT_INVALID',
      );
    try {
      const stored = await appendEntries(
        deps.db,
        inputs.map((i) => ({
          type: i.type,
          actor: i.actor ?? deps.actor,
          subject: i.subject,
          payload: i.payload,
          idempotencyKey: key(i.step),
        })),
      );
      return stored.map((e) => ({ seq: e.seq, hash: e.hash }));
    } catch (err) {
      if (err instanceof LedgerError)
        throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true });
      throw err;
    }
  };
  return {
    async recordEvidence(input: EvidenceInput): Promise<RecordedEvidence> {
      return (await append([input]))[0] as RecordedEvidence;
    },
    /** Many records in one transaction (hot paths). */
    async recordEvidenceBatch(inputs: EvidenceInput[]): Promise<RecordedEvidence[]> {
      return append(inputs);
    },
  };
}

export type LedgerActivities = ReturnType<typeof createLedgerActivities>;
