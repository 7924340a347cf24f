/**
 * L1 — file-level voting on a remediation request's change: the rules, security and reviewer
 * voters, and l1Consensus, which runs them and counts the votes (docs/pipeline-l1.md).
 */
export { l1Consensus, type L1ConsensusOptions } from './consensus';
export { validateL1Config, createL1Voters, type L1Config, type ReviewerConfig } from './config';
export { createRulesVoter, RULES_VOTER_ID, type RulesVoterOptions } from './rules-voter';
export { createSecurityVoter, SECURITY_VOTER_ID, type SecurityVoterOptions } from './security-voter';
export {
  createOfflineReviewer,
  reviewOffline,
  OFFLINE_REVIEWER_ID,
  DEFAULT_OFFLINE_LIMITS,
} from './reviewer/offline';
export { createHttpReviewer, httpReviewerId, type HttpReviewerConfig } from './reviewer/http';
export { loadOsvSnapshotFile, loadOsvSnapshotFromStore } from './security/osv-load';
export { buildOsvSnapshot } from './security/osv-parse';
export { matchOsv, type OsvMatch } from './security/osv-match';
export type { OsvSnapshot, OsvRecord } from './security/osv-types';
export { runBandit, parseBanditJson, type BanditReport } from './security/bandit';
export { runEslintSecurity, DEFAULT_ESLINT_RULES, type EslintReport } from './security/eslint-sast';
export { DEFAULT_SECURITY_THRESHOLDS, type SecurityThresholds } from './security/judge';
export { validateServicePolicy } from './rules/policy';
export { validateL1Input } from './input';
export { runVoter, type VoterRun } from './run-voter';
export { versionScheme, type Ecosystem, type VersionScheme } from './versions/ecosystem';
export { L1Error, type L1ErrorCode } from './errors';
export type { L1Input, L1ChangedFile, L1Lockfile, L1ServicePolicy, L1Voter } from './types';
