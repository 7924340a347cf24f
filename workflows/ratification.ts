import { proxyActivities, setHandler, upsertMemo } from '@temporalio/workflow';
import type { LedgerActivities } from '../activities/ledger/record-evidence';
import { waitForDecision, type GateOutcome } from './approval-gate';
import { gateQuery, type GateState } from './definitions';

export interface RatificationInput {
  /** The remediation that ran on the emergency policy cache. */
  remediationId: string;
  /** What was decided without live governance (the emergency decision, as recorded). */
  decision: Record<string, unknown>;
  /** Why governance was not available (the fallback reason). */
  reason: string;
  /** How long the ratification waits for a human (default 24 hours). */
  timeoutMs?: number;
}

export interface RatificationResult {
  remediationId: string;
  outcome: GateOutcome;
  gate: GateState;
}

const ledger = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10 },
});

/**
 * Post-facto ratification of a decision taken on the emergency policy cache: a task that waits for
 * a human to approve (ratify) or veto it — vetoed or expired decisions are for the incident review.
 * The opening and the decision are both recorded on the ledger, with the actor.
 */
export async function ratificationWorkflow(input: RatificationInput): Promise<RatificationResult> {
  setHandler(gateQuery, () => null); // answers from the start: no gate open yet
  const subject = { workflow_id: input.remediationId };
  await ledger.recordEvidence({
    type: 'governance.ratification.opened',
    subject,
    payload: { remediation_id: input.remediationId, decision: input.decision, reason: input.reason },
    step: 'opened',
  });
  upsertMemo({ gate: 'ratification', remediation: input.remediationId });
  const { outcome, state } = await waitForDecision('ratification', input.timeoutMs ?? 24 * 3600 * 1000);
  await ledger.recordEvidence({
    type: 'governance.ratification.decided',
    subject,
    actor: state.decided?.actor ?? 'hale-control',
    payload: { remediation_id: input.remediationId, outcome, gate: state },
    step: 'decided',
  });
  upsertMemo({ gate: 'ratification', outcome });
  return { remediationId: input.remediationId, outcome, gate: state };
}
