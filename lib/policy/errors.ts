import { HaleError } from '../errors';

export type PolicyErrorCode =
  /** The bundle has no `.signatures.json` (or it holds no JWT): unsigned bundles are never loaded. */
  | 'POLICY_BUNDLE_UNSIGNED'
  /** The bundle is not a well-formed OPA wasm bundle (tar.gz, manifest, sizes, entrypoint). */
  | 'POLICY_BUNDLE_INVALID'
  /** The JWT in `.signatures.json` does not verify: unknown key, wrong algorithm, bad signature, scope. */
  | 'POLICY_SIGNATURE_INVALID'
  /** A file's hash differs from the one the signature lists (`details.file`). */
  | 'POLICY_FILE_HASH_MISMATCH'
  /** A file in the bundle is not listed in the signature (`details.file`). */
  | 'POLICY_FILE_UNSIGNED'
  /** The signature lists a file the bundle does not have (`details.file`). */
  | 'POLICY_FILE_MISSING'
  /** `opa build` (or `opa test`) failed; `details.output` has its output. */
  | 'POLICY_BUILD_FAILED'
  /** No usable policy: the bundle or the emergency cache is missing or cannot be read or loaded. */
  | 'POLICY_UNAVAILABLE'
  /** The emergency cache is older than the caller allows (`details.verified_at`). */
  | 'POLICY_CACHE_STALE'
  /** The input does not satisfy governance.input.v1 (`details.pointer`, `details.rule`). */
  | 'POLICY_INPUT_INVALID'
  /** The policy's answer does not satisfy governance.decision.v1: treated as a denial by callers. */
  | 'POLICY_DECISION_INVALID'
  /** The wasm evaluation threw or returned no single result. */
  | 'POLICY_EVAL_FAILED';

/** Governance policy failures; tests and callers branch on `code`. */
export class PolicyError extends HaleError<PolicyErrorCode> {}
