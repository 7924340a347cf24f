import fs from 'node:fs';
import { writeFileAtomic } from '../../../lib/fs';
import type { NodeReleasePaths } from './layout';

/**
 * The step a change reached, written (atomically, fsync'd) before the step's effect:
 * building → built → flipped → restarted; or rolled_back / aborted.
 */
export type ReleaseJournalState = 'building' | 'built' | 'flipped' | 'restarted' | 'rolled_back' | 'aborted';

export interface ReleaseJournal {
  state: ReleaseJournalState;
  /** The release this change builds (release_<stamp>). */
  release: string;
  /** What `current` pointed to before the change (null: first release). */
  previous: string | null;
  at: string;
  detail?: string;
}

export function readReleaseJournal(paths: NodeReleasePaths): ReleaseJournal | undefined {
  try {
    return JSON.parse(fs.readFileSync(paths.journal, 'utf8')) as ReleaseJournal;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export function writeReleaseJournal(
  paths: NodeReleasePaths,
  journal: Omit<ReleaseJournal, 'at'>,
): ReleaseJournal {
  const full = { ...journal, at: new Date().toISOString() };
  writeFileAtomic(paths.journal, `${JSON.stringify(full)}\n`);
  return full;
}
