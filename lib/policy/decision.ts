import { ContractError, validateContract } from '../contracts';
import type { GovernanceDecisionV1, GovernanceInputV1 } from '../contracts';
import { PolicyError } from './errors';

type Deny = GovernanceDecisionV1['deny'][number];

/** Provenance Hale adds to what the policy returns. */
export interface DecisionContext {
  emergency: boolean;
  policy: GovernanceDecisionV1['policy'];
  /** When the bundle was verified (named in the emergency denial). */
  verifiedAt: string;
}

/** The rule an emergency evaluator adds when it refuses a mutating action. */
export const EMERGENCY_RULE = 'emergency.read_only';

/** The input as governance.input.v1, or POLICY_INPUT_INVALID naming the field (`details.pointer`). */
export function validateGovernanceInput(input: unknown): GovernanceInputV1 {
  try {
    return validateContract('governance.input.v1', input);
  } catch (err) {
    if (!(err instanceof ContractError)) throw err;
    throw new PolicyError('POLICY_INPUT_INVALID', err.message, {
      cause: err,
      details: { pointer: err.details.pointer, rule: err.details.rule },
    });
  }
}

function byRuleThenMessage(a: Deny, b: Deny): number {
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * Turns the policy's answer into a governance.decision.v1: `deny` sorted, provenance added, and in
 * emergency mode `allow` narrowed to `read_only_ok` (a mutating action gets an `emergency.read_only`
 * denial). Anything off-contract is POLICY_DECISION_INVALID — never an allow.
 */
export function shapeDecision(raw: unknown, ctx: DecisionContext): GovernanceDecisionV1 {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PolicyError('POLICY_DECISION_INVALID', 'the policy returned no decision object');
  }
  const policy = raw as Record<string, unknown>;
  const deny = Array.isArray(policy.deny) ? [...(policy.deny as Deny[])] : policy.deny;
  const doc: Record<string, unknown> = { ...policy, deny, emergency: ctx.emergency, policy: ctx.policy };
  if (ctx.emergency && Array.isArray(deny)) {
    doc.allow = policy.read_only_ok === true;
    if (policy.action_class !== 'read_only') {
      deny.push({
        rule: EMERGENCY_RULE,
        message:
          `governance is running on the emergency policy cache (bundle verified ${ctx.verifiedAt}): ` +
          'only read-only actions (diagnose, rollback) are allowed',
      });
    }
  }
  if (Array.isArray(deny) && deny.every((d) => d && typeof d === 'object')) deny.sort(byRuleThenMessage);
  let decision: GovernanceDecisionV1;
  try {
    decision = validateContract('governance.decision.v1', doc);
  } catch (err) {
    if (!(err instanceof ContractError)) throw err;
    throw new PolicyError(
      'POLICY_DECISION_INVALID',
      `the policy's decision is off-contract: ${err.message}`,
      {
        cause: err,
        details: { pointer: err.details.pointer, rule: err.details.rule },
      },
    );
  }
  // Belt and braces: an allow with denials, or a denial naming no rule, is a policy bug.
  if (decision.allow === decision.deny.length > 0) {
    const what = decision.allow ? 'allowed a request that rules denied' : 'denied without naming a rule';
    throw new PolicyError('POLICY_DECISION_INVALID', `the policy ${what}`);
  }
  return decision;
}
