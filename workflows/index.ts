/** The workflows the control worker serves (this module is the workflow bundle's entry). */
export { remediationWorkflow, type RemediationWorkflowInput } from './remediation';
export { artifactCacheWarmWorkflow, type CacheWarmInput, type CacheWarmResult } from './artifact-cache-warm';
export {
  runnerActionWorkflow,
  type RunnerActionInput,
  type RunnerActionWorkflowResult,
} from './runner-action';
export { runnerRegistrationWorkflow } from './runner-registration';
export { ratificationWorkflow, type RatificationInput, type RatificationResult } from './ratification';
export {
  blueGreenDeployWorkflow,
  type BlueGreenDeployInput,
  type BlueGreenDeployResult,
} from './blue-green-deploy';
