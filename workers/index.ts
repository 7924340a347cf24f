export { createControlWorker, workflowsPath, type ControlWorkerOptions } from './control';
export { createRunnerWorkers, type RunnerWorkerOptions } from './runner';
export { runWorkers } from './run-all';
export { announceRunner } from './register-runner';
