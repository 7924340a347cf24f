export { PythonEnvError, type PythonEnvCode } from './errors';
export { pythonEnvPaths, currentVenvName, newVenvName, type PythonEnvPaths } from './layout';
export { readJournal, type Journal, type JournalState } from './journal';
export {
  buildEnvironment,
  completeEnvironments,
  flipTo,
  installedPackages,
  isComplete,
  markRestarted,
  reconcile,
  rollback,
  type BuildCommandRunner,
  type BuildOptions,
  type BuiltEnvironment,
  type Reconciled,
} from './environment';
