import fs from 'node:fs';
import path from 'node:path';

/**
 * A Node service's releases:
 *   <root>/releases/release_<stamp>/   one complete release per change (source + node_modules), kept for rollback
 *   <root>/current                     symlink → releases/release_<stamp> (the one the service runs)
 *   <root>/release-journal.json        what the last change was doing (for reconciliation after a crash)
 */
export const nodeReleasePaths = (root: string) => ({
  root,
  releases: path.join(root, 'releases'),
  current: path.join(root, 'current'),
  journal: path.join(root, 'release-journal.json'),
  release: (name: string) => path.join(root, 'releases', name),
});

export type NodeReleasePaths = ReturnType<typeof nodeReleasePaths>;

/** `release_<UTC timestamp to the millisecond>`: sortable, unique per change. */
export function newReleaseName(now = new Date()): string {
  return `release_${now.toISOString().replace(/[-:.]/g, '')}`;
}

/** The release `current` points at (its directory name), undefined when there is none. */
export function currentReleaseName(paths: NodeReleasePaths): string | undefined {
  try {
    return path.basename(fs.readlinkSync(paths.current));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
