/** macOS adapter of the Runner API: exact command plans and parsers of their recorded outputs. */
export { MacRunner } from './mac-runner';
export type { MacRunnerOptions } from './mac-runner';
export { MacRunnerError } from './errors';
export type { MacRunnerErrorCode } from './errors';
export { checkLabel, checkPath } from './checks';
export { kickstartPlan, printPlan, parsePrint, restartResult } from './launchctl';
export type { LaunchdState } from './launchctl';
export { brewInstallPlan, pkgInstallPlan, cachedFile, parseInstall, BREW_ENV } from './packages';
export type { MacInstallOutcome } from './packages';
export { codesignPlan, parseCodesign, pkgSignaturePlan, parsePkgSignature } from './signatures';
export type { PackageSignature } from './signatures';
export { localSnapshotPlan, listSnapshotsPlan, parseLocalSnapshot, parseSnapshotList } from './snapshots';
export { metricsPlans, parseMetrics } from './metrics';
export { inventoryPlans, parseInventory, bottleCachePlan, parseBottleCache } from './inventory';
export { sandboxProfile, sandboxSpec, sandboxPlan, realPath } from './sandbox';
