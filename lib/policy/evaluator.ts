import { loadPolicy } from '@open-policy-agent/opa-wasm';
import type { GovernanceDecisionV1 } from '../contracts';
import { shapeDecision, validateGovernanceInput } from './decision';
import { PolicyError } from './errors';
import type { VerifiedPolicyBundle } from './verify';

/** Which verified bundle an evaluator runs. */
export interface PolicyBundleInfo {
  revision: string;
  sha256: string;
  keyId: string;
  verifiedAt: string;
}

/** Governance decisions from one verified bundle, evaluated in-process with the OPA wasm SDK. */
export interface GovernanceEvaluator {
  /** True for the emergency policy cache: only read-only actions are ever allowed. */
  readonly emergency: boolean;
  readonly bundle: PolicyBundleInfo;
  /** {@link evaluateGovernance} with this evaluator. */
  evaluate(input: unknown): GovernanceDecisionV1;
}

interface Loaded {
  evaluate(input: unknown, entrypoint: string): unknown;
}

const evaluators = new WeakMap<GovernanceEvaluator, { policy: Loaded; entrypoint: string }>();

/**
 * Validates `input` against governance.input.v1 (POLICY_INPUT_INVALID naming the field), evaluates
 * the policy's entrypoint, and returns the decision validated against governance.decision.v1
 * (POLICY_DECISION_INVALID otherwise). Synchronous: the wasm instance is already loaded.
 */
export function evaluateGovernance(evaluator: GovernanceEvaluator, input: unknown): GovernanceDecisionV1 {
  const loaded = evaluators.get(evaluator);
  if (!loaded)
    throw new PolicyError('POLICY_UNAVAILABLE', 'not an evaluator made by loadGovernanceEvaluator');
  const valid = validateGovernanceInput(input);
  let results: unknown;
  try {
    results = loaded.policy.evaluate(valid, loaded.entrypoint);
  } catch (err) {
    throw new PolicyError('POLICY_EVAL_FAILED', `policy evaluation failed: ${String(err)}`, { cause: err });
  }
  if (!Array.isArray(results) || results.length !== 1) {
    throw new PolicyError(
      'POLICY_EVAL_FAILED',
      `the policy returned ${Array.isArray(results) ? results.length : 0} results, not 1`,
    );
  }
  const { bundle, emergency } = evaluator;
  return shapeDecision((results[0] as { result?: unknown }).result, {
    emergency,
    verifiedAt: bundle.verifiedAt,
    policy: { revision: bundle.revision, bundle_sha256: bundle.sha256, key_id: bundle.keyId },
  });
}

/** Instantiates a verified bundle's wasm module with its data. Only verified bundles get here. */
export async function loadGovernanceEvaluator(
  bundle: VerifiedPolicyBundle,
  opts: { emergency?: boolean } = {},
): Promise<GovernanceEvaluator> {
  let policy: Loaded;
  try {
    const loaded = await loadPolicy(bundle.wasm);
    loaded.setData((bundle.data ?? {}) as object);
    policy = loaded;
  } catch (err) {
    throw new PolicyError('POLICY_UNAVAILABLE', `cannot load the policy wasm module: ${String(err)}`, {
      cause: err,
    });
  }
  const evaluator: GovernanceEvaluator = {
    emergency: opts.emergency === true,
    bundle: Object.freeze({
      revision: bundle.revision,
      sha256: bundle.sha256,
      keyId: bundle.keyId,
      verifiedAt: bundle.verifiedAt,
    }),
    evaluate: (input) => evaluateGovernance(evaluator, input),
  };
  evaluators.set(Object.freeze(evaluator), { policy, entrypoint: bundle.entrypoint });
  return evaluator;
}
