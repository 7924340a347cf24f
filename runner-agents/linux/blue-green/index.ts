export { BlueGreenDeployment, type BlueGreenOptions, type StageResult } from './deployment';
export { BlueGreenError, type BlueGreenCode } from './errors';
export type { RouterControl } from './router-control';
export { readState, type BlueGreenState, type Slot } from './state';
export {
  blueGreenOf,
  runDeployStep,
  type BlueGreenServiceConfig,
  type RunnerDeployInput,
} from './runner-deploy';
export type { ShadowSettings } from './router-control';
export type { IntegrationTests, TestsResult } from './integration-tests';
export type { ChaosResult, LoadComparison, RouterFaultResult } from './probes';
export { VERIFY_DEFAULTS, type VerifyDetail } from './verify';
export { routerPaths, type RouterPaths } from './router-paths';
