/** Package metadata of offline artifacts: wheels, npm tarballs, debs, config bundles, snapshots. */
export { inspectPackage, detectKind } from './inspect';
export { normalizePythonName, parseWheelFileName } from './wheel-name';
export { writeWheel, type WrittenWheel } from './wheel-writer';
export { writeConfigBundle } from './bundle-writer';
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
