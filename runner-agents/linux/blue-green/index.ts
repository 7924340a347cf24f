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
