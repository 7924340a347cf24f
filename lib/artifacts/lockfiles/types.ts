export interface LockHash {
  /** `sha256` for pip, `sha512` (or `sha1`, `sha384`) for npm integrity strings. */
  algorithm: string;
  hex: string;
}

/** One pinned entry of a lockfile: what the offline resolver must fetch and verify. */
export interface LockedPackage {
  /** pip: PEP 503-normalised name; npm: the package name (scoped names keep their scope). */
  name: string;
  version: string;
  hashes: LockHash[];
  /** 1-based line of the entry in the lockfile (for error messages downstream). */
  line: number;
  /** pip: environment marker, kept as data (`python_version < "3.11"`). */
  marker?: string;
  /** pip: requested extras. */
  extras?: string[];
  /** npm: the entry's key in `packages` (`node_modules/a/node_modules/b`). */
  path?: string;
  /** npm: the original integrity string. */
  integrity?: string;
  resolved?: string;
  dev?: boolean;
  optional?: boolean;
}
