import { condition, setHandler, upsertMemo } from '@temporalio/workflow';
import {
  approveUpdate,
  gateQuery,
  rollbackUpdate,
  vetoUpdate,
  type GateDecisionInput,
  type GateState,
} from './definitions';

const ACTOR = /^[a-z0-9][a-z0-9._@:-]{0,127}$/;

export type GateOutcome = 'approved' | 'vetoed' | 'expired';

/** The identity and reason rules every human decision follows (throws: the Update is rejected). */
export function checkDecisionInput(input: GateDecisionInput, needsReason: boolean): void {
  if (typeof input?.actor !== 'string' || !ACTOR.test(input.actor)) {
    throw new Error('actor: required, [a-z0-9][a-z0-9._@:-]* up to 128 characters');
  }
  if (input.reason !== undefined && (typeof input.reason !== 'string' || input.reason.length > 1000)) {
    throw new Error('reason: a string of at most 1000 characters');
  }
  if (needsReason && !input.reason) throw new Error('reason: required (say why)');
}

function validate(gate: GateState | null, input: GateDecisionInput, veto: boolean): void {
  if (!gate) throw new Error('no gate is open');
  if (gate.decided) {
    throw new Error(`gate ${gate.gate} was already ${gate.decided.decision} by ${gate.decided.actor}`);
  }
  checkDecisionInput(input, veto);
}

/**
 * Opens a gate and waits for a human decision through the approve / veto Updates, up to `timeout`
 * (durable timer): `expired` when nobody decided. The handlers validate before anything is
 * accepted, so a rejected Update leaves no trace in the history. Deterministic: workflow code.
 */
export async function waitForDecision(
  gate: string,
  timeoutMs: number,
): Promise<{ outcome: GateOutcome; state: GateState }> {
  const now = Date.now();
  const opened: GateState = {
    gate,
    opened_at: new Date(now).toISOString(),
    deadline: new Date(now + timeoutMs).toISOString(),
    decided: null,
  };
  let state: GateState | null = opened;
  const decide = (decision: 'approved' | 'vetoed') => (input: GateDecisionInput) => {
    const s = opened;
    s.decided = {
      decision,
      actor: input.actor,
      ...(input.reason ? { reason: input.reason } : {}),
      at: new Date().toISOString(),
    };
    return s;
  };
  setHandler(gateQuery, () => state);
  setHandler(approveUpdate, decide('approved'), { validator: (i) => validate(state, i, false) });
  setHandler(vetoUpdate, decide('vetoed'), { validator: (i) => validate(state, i, true) });
  const decided = await condition(() => opened.decided !== null, timeoutMs);
  state = null; // later Updates are rejected: no gate is open
  return { outcome: decided && opened.decided ? opened.decided.decision : 'expired', state: opened };
}

/** Waits the armed window for one `hale.deploy.rollback` Update (actor and reason required). */
export async function waitForRollbackRequest(ms: number): Promise<GateDecisionInput | undefined> {
  let asked: GateDecisionInput | undefined;
  let open = true;
  setHandler(
    rollbackUpdate,
    (i) => {
      asked = i;
      return { accepted: true as const, actor: i.actor };
    },
    {
      validator: (i) => {
        if (!open || asked) throw new Error('the rollback window is closed');
        checkDecisionInput(i, true);
      },
    },
  );
  upsertMemo({ deploy: 'armed' });
  await condition(() => asked !== undefined, ms);
  open = false;
  return asked;
}
