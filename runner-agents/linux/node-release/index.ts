export { NodeReleaseError, type NodeReleaseCode } from './errors';
export { nodeReleasePaths, currentReleaseName, newReleaseName, type NodeReleasePaths } from './layout';
export { readReleaseJournal, type ReleaseJournal, type ReleaseJournalState } from './journal';
export { populateNpmCache, type CachedTarball } from './npm-cache';
export { type NodeCommandRunner } from './run';
export {
  buildRelease,
  installedNodePackages,
  RELEASE_MARKER,
  type BuildReleaseOptions,
  type BuiltRelease,
} from './build';
export {
  completeReleases,
  flipRelease,
  isReleaseComplete,
  markReleaseRestarted,
  reconcileRelease,
  rollbackRelease,
  type ReleaseReconciled,
} from './switch';
