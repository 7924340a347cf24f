/** Package metadata of offline artifacts: wheels, npm tarballs, debs, config bundles, snapshots. */
export { inspectPackage, detectKind } from './inspect';
export { normalizePythonName, parseWheelFileName } from './wheel-name';
export type {
  DebDetails,
  InspectOptions,
  LockedDependency,
  PackageDependency,
  PackageFile,
  PackageInfo,
  PackageKind,
  WheelDetails,
} from './types';
