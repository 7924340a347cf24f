/** Windows adapter of the Runner API: exact command plans and parsers of their recorded outputs. */
export { WindowsRunner } from './windows-runner';
export type { WindowsRunnerOptions } from './windows-runner';
export { WindowsRunnerError } from './errors';
export type { WindowsRunnerErrorCode } from './errors';
export { psQuote, checkServiceName, checkWindowsPath, psPlan } from './powershell';
export {
  restartServicePlan,
  serviceStatusPlan,
  recycleAppPoolPlan,
  parseServiceState,
  parseAppPoolState,
} from './service';
export { chocoInstallPlan, wingetInstallPlan, msiInstallPlan, msiPath, parseInstall } from './packages';
export type { WindowsPackageSources, InstallOutcome } from './packages';
export { authenticodePlan, parseAuthenticode } from './authenticode';
export type { AuthenticodeResult } from './authenticode';
export { createShadowPlan, parseCreateShadow, findShadowPlan, parseFindShadow } from './vss';
export type { ShadowCopy } from './vss';
export { metricsPlan, parseMetrics } from './metrics';
export { osInfoPlan, disksPlan, parseInventory, cacheSizePlan, parseCacheSize } from './inventory';
export { sandboxSpec, sandboxPlan } from './sandbox';
