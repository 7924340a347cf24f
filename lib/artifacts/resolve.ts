import type { LockedPackage } from './lockfiles';
import { normalizePythonName } from './packages';
import type { ArtifactStore } from './store/store';
import type { IndexEntry } from './trust/signed-index';

export type LockfileKind = 'requirements' | 'package-lock';

export interface Resolution {
  name: string;
  version: string;
  /** The store reference when found and usable. */
  ref?: string;
  entry?: IndexEntry;
  /** Why it is not resolved (missing, or present but bad). */
  deferred?: string;
}

export const PROMOTE_ADVICE = 'promote from local mirror first (hale artifact import <mirror folder>)';

/**
 * Resolves locked packages to exact artifacts of the store, offline: a pip requirement matches a
 * wheel with the same normalised name and version whose sha256 is one of the pinned hashes; an npm
 * entry matches a tarball with the same name and version whose sha512 equals its integrity. Missing
 * or bad artifacts come back `deferred` with the advice to promote them from a mirror.
 */
export function resolveLocked(
  store: ArtifactStore,
  kind: LockfileKind,
  locked: readonly LockedPackage[],
): Resolution[] {
  const all = store.list();
  return locked.map((pkg) => {
    const candidates = all.filter(({ entry }) =>
      kind === 'requirements'
        ? entry.kind === 'python-wheel' &&
          normalizePythonName(entry.name) === normalizePythonName(pkg.name) &&
          entry.version === pkg.version
        : entry.kind === 'npm-tarball' && entry.name === pkg.name && entry.version === pkg.version,
    );
    const matching = candidates.filter(({ entry }) =>
      pkg.hashes.some((h) =>
        h.algorithm === 'sha256'
          ? entry.hashes.sha256 === h.hex
          : h.algorithm === 'sha512' && entry.hashes.sha512 === h.hex,
      ),
    );
    const usable = matching.find(({ entry }) => entry.status === 'good');
    if (usable) return { name: pkg.name, version: pkg.version, ref: usable.ref, entry: usable.entry };
    const why =
      matching.length > 0
        ? `in the store but ${matching.map((m) => m.entry.status).join('/')}`
        : candidates.length > 0
          ? 'in the store with other content than the lockfile pins'
          : 'not in the store';
    return { name: pkg.name, version: pkg.version, deferred: `${why}: ${PROMOTE_ADVICE}` };
  });
}
