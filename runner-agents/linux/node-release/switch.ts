import fs from 'node:fs';
import path from 'node:path';
import { RELEASE_MARKER } from './build';
import { NodeReleaseError } from './errors';
import { readReleaseJournal, writeReleaseJournal, type ReleaseJournal } from './journal';
import { currentReleaseName, type NodeReleasePaths } from './layout';

export function isReleaseComplete(paths: NodeReleasePaths, name: string): boolean {
  return fs.existsSync(path.join(paths.release(name), RELEASE_MARKER));
}

/**
 * Points `current` at `name` atomically: a new symlink under a temporary name, then rename(2) over
 * `current` (never delete-then-create). Refuses an incomplete release.
 */
export function flipRelease(
  paths: NodeReleasePaths,
  name: string,
  state: 'flipped' | 'rolled_back' = 'flipped',
): ReleaseJournal {
  if (!isReleaseComplete(paths, name)) {
    throw new NodeReleaseError(
      'NODE_RELEASE_LAYOUT_INVALID',
      `${paths.release(name)} is not a complete release`,
    );
  }
  const previous = currentReleaseName(paths) ?? null;
  const journal = writeReleaseJournal(paths, { state, release: name, previous });
  const tmp = `${paths.current}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(path.join('releases', name), tmp);
  fs.renameSync(tmp, paths.current);
  return journal;
}

/** Records that the service restarted healthy on the flipped release (the change is done). */
export function markReleaseRestarted(paths: NodeReleasePaths): void {
  const j = readReleaseJournal(paths);
  if (j) writeReleaseJournal(paths, { state: 'restarted', release: j.release, previous: j.previous });
}

/** Complete releases, oldest first. */
export function completeReleases(paths: NodeReleasePaths): string[] {
  if (!fs.existsSync(paths.releases)) return [];
  return fs
    .readdirSync(paths.releases)
    .filter((n) => n.startsWith('release_') && isReleaseComplete(paths, n))
    .sort();
}

/**
 * Rolls back to the release before the current one (the journal's `previous`, else the newest
 * complete one older than current): one rename, independent of the release's size.
 */
export function rollbackRelease(paths: NodeReleasePaths): ReleaseJournal {
  const current = currentReleaseName(paths);
  const journal = readReleaseJournal(paths);
  let target = journal && journal.release === current ? journal.previous : null;
  if (!target || !isReleaseComplete(paths, target)) {
    target =
      completeReleases(paths)
        .filter((n) => current === undefined || n < current)
        .at(-1) ?? null;
  }
  if (!target) {
    throw new NodeReleaseError(
      'NODE_RELEASE_NO_PREVIOUS',
      `no earlier complete release than ${current ?? '(none)'}`,
    );
  }
  return flipRelease(paths, target, 'rolled_back');
}

export type ReleaseReconciled =
  | { action: 'none'; current: string | undefined }
  | { action: 'removed-incomplete'; removed: string; current: string | undefined }
  | { action: 'restart-needed'; current: string; previous: string | null };

/**
 * After a crash or a failed build: a release still `building` or `built` but never flipped is
 * removed (the service stays entirely on the old one); a `flipped` change whose restart was not
 * confirmed needs the caller to restart the service on `current` (and roll back if unhealthy).
 */
export function reconcileRelease(paths: NodeReleasePaths): ReleaseReconciled {
  const journal = readReleaseJournal(paths);
  const current = currentReleaseName(paths);
  if (!journal) return { action: 'none', current };
  if ((journal.state === 'building' || journal.state === 'built') && journal.release !== current) {
    fs.rmSync(paths.release(journal.release), { recursive: true, force: true });
    writeReleaseJournal(paths, {
      state: 'aborted',
      release: journal.release,
      previous: journal.previous,
      detail: `reconciled from ${journal.state}`,
    });
    return { action: 'removed-incomplete', removed: journal.release, current };
  }
  if ((journal.state === 'flipped' || journal.state === 'rolled_back') && current) {
    return { action: 'restart-needed', current, previous: journal.previous };
  }
  return { action: 'none', current };
}
