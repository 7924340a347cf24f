export { OsPackageError, type OsPackageCode } from './errors';
export { checkPackageName, parsePackageSpec, type PackageSpec } from './spec';
export { buildLocalRepo, type RepoEntry } from './repo';
export {
  aptIsolation,
  installedVersion,
  installFromLocalRepo,
  removePackage,
  type AptRunner,
  type InstallOptions,
  type InstallResult,
} from './apt';
export {
  applyOsPackages,
  readOsPackageSnapshot,
  rollbackOsPackages,
  type OsPackageChangeOptions,
  type OsPackageChangeResult,
  type OsPackageSnapshot,
} from './change';
