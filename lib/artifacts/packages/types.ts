/** What `inspectPackage` reports about one artifact. Plain data: safe to JSON.stringify and store. */
export type PackageKind = 'python-wheel' | 'npm-tarball' | 'deb' | 'config-bundle' | 'snapshot';

/** A dependency as the artifact declares it (a range, not a resolved version). */
export interface PackageDependency {
  name: string;
  /** Version constraint as written (`>=2.4`, `^6.0.0`, `>= 2.33`); '' when unconstrained. */
  spec: string;
  /** PEP 508 environment marker (`extra == 'test'`), kept as data. */
  marker?: string;
  /** Not needed for a plain install: extras-only Python deps, npm optionalDependencies. */
  optional?: boolean;
  /** Debian `a | b` alternatives after the first one, as written. */
  alternatives?: string[];
}

/** A dependency pinned by a lockfile shipped inside the artifact (npm shrinkwrap / package-lock). */
export interface LockedDependency {
  name: string;
  version: string;
  path: string;
  integrity?: string;
}

export interface PackageFile {
  path: string;
  sha256: string;
  size: number;
}

export interface WheelDetails {
  wheelVersion: string;
  generator?: string;
  rootIsPurelib?: boolean;
  tags: string[];
  build?: string;
  requiresPython?: string;
}

export interface DebDetails {
  architecture: string;
  maintainer?: string;
  source?: string;
  section?: string;
}

export interface PackageInfo {
  kind: PackageKind;
  name: string;
  version: string;
  summary?: string;
  license?: string;
  homepage?: string;
  dependencies: PackageDependency[];
  lockedDependencies?: LockedDependency[];
  purl: string;
  /** Files inside the artifact with their digests (wheels, npm tarballs, config bundles). */
  files?: PackageFile[];
  wheel?: WheelDetails;
  deb?: DebDetails;
}

export interface InspectOptions {
  /** Required for 'config-bundle' and 'snapshot'; overrides detection for the others. */
  kind?: PackageKind;
  /** Required for 'config-bundle' and 'snapshot' (they carry no metadata of their own). */
  name?: string;
  version?: string;
}
