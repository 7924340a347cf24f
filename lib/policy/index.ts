/**
 * Governance: Hale's Rego policy bundle (infra/policy) built to wasm, signed OPA-style, verified here
 * (signature and every file hash) and evaluated in-process; the emergency cache of the last verified
 * bundle. See docs/governance.md.
 */
export { buildPolicyBundle, type BuildPolicyOptions, type BuiltPolicyBundle } from './build';
export { runPolicyTests, type PolicyTestResult } from './policy-tests';
export { verifyPolicyBundle, type VerifiedPolicyBundle, type VerifyOptions } from './verify';
export {
  loadGovernanceEvaluator,
  evaluateGovernance,
  type GovernanceEvaluator,
  type PolicyBundleInfo,
} from './evaluator';
export { validateGovernanceInput, EMERGENCY_RULE } from './decision';
export {
  saveEmergencyPolicy,
  loadEmergencyPolicy,
  readEmergencySnapshot,
  emergencyCacheDir,
  policyCacheSigner,
  POLICY_CACHE_ACTOR,
  type EmergencySnapshot,
  type LoadEmergencyOptions,
  type SnapshotKey,
  type SnapshotSigner,
} from './emergency-cache';
export { openGovernance, type OpenGovernanceOptions, type OpenedGovernance } from './governance';
export {
  generatePolicyKeyPair,
  publicKeyPemOf,
  type PolicyTrust,
  type PolicyTrustKey,
  type PolicySigningAlgorithm,
} from './keys';
export { opaJsonHash } from './json-hash';
export { GOVERNANCE_ENTRYPOINT, policyDir, policySourceDir, policyCapabilitiesFile } from './paths';
export { PolicyError, type PolicyErrorCode } from './errors';
export { sitePolicy, sitePolicyPaths, SITE_POLICY_KEY_ID } from './site';
