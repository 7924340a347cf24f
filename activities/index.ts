export {
  createStageActivities,
  type StageActivities,
  type StageInput,
  type StageResult,
} from './stages/record-stage';
export { createRunnerActivities, type RunnerActivities, type RunnerReport } from './runner/runner-stage';
export {
  createLedgerActivities,
  type LedgerActivities,
  type EvidenceInput,
  type RecordedEvidence,
} from './ledger/record-evidence';
export {
  createArtifactActivities,
  type ArtifactActivities,
  type ArtifactActivityDeps,
  type MirrorImport,
} from './artifacts/cache-warm';
export {
  createRunnerActionActivities,
  type RunnerActionActivities,
  type RunnerActionDeps,
  type RunnerActionOutcome,
} from './runner/runner-action';
export {
  createActionSigningActivities,
  type ActionSigningActivities,
  type ActionFields,
  type RunnerActionRecord,
} from './runner/sign-action';
export { createRunnerRegistryActivities, type RunnerRegistryActivities } from './runner/register-runner';
export {
  createRunnerHealthActivities,
  type RunnerHealthActivities,
  type RunnerDiagnosis,
} from './runner/runner-health';
export { createJudgeActivities, type JudgeActivities } from './deploy/judge';
