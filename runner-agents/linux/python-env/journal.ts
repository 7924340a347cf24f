import fs from 'node:fs';
import { writeFileAtomic } from '../../../lib/fs';
import type { PythonEnvPaths } from './layout';

/**
 * The step a change reached, written (atomically, fsync'd) before the step's effect:
 * building → built → flipped → restarted; or rolled_back / aborted. Reconciliation after a crash
 * reads it to decide what the service must run on.
 */
export type JournalState = 'building' | 'built' | 'flipped' | 'restarted' | 'rolled_back' | 'aborted';

export interface Journal {
  state: JournalState;
  /** The environment this change builds (venv_<stamp>). */
  venv: string;
  /** What venv_current pointed to before the change (null: first environment). */
  previous: string | null;
  at: string;
  detail?: string;
}

export function readJournal(paths: PythonEnvPaths): Journal | undefined {
  try {
    return JSON.parse(fs.readFileSync(paths.journal, 'utf8')) as Journal;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export function writeJournal(paths: PythonEnvPaths, journal: Omit<Journal, 'at'>): Journal {
  const full = { ...journal, at: new Date().toISOString() };
  writeFileAtomic(paths.journal, `${JSON.stringify(full)}\n`);
  return full;
}
