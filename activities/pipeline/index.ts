export {
  createAdmissionActivities,
  deploySettingsOf,
  BUNDLE_LOCKFILE,
  type AdmissionActivities,
  type AdmissionDeps,
} from './admit';
export {
  createVoteActivities,
  l2Quorum,
  type VoteActivities,
  type VoteDeps,
  type VerifyReport,
} from './votes';
export {
  createGovernanceActivities,
  governanceAction,
  type GovernanceActivities,
  type GovernanceDeps,
} from './governance';
export type { Admission, ChangePlan, DeploySettings, GovernanceOutcome } from './types';
export { createPipelineActivities, OSV_SNAPSHOT_NAME, type PipelineActivityDeps } from './site';
