import fs from 'node:fs';
import path from 'node:path';

/**
 * A service's Python environments:
 *   <root>/venvs/venv_<stamp>/   one complete environment per change (kept for instant rollback)
 *   <root>/venv_current          symlink → venvs/venv_<stamp> (the one the service runs on)
 *   <root>/env-journal.json      what the last change was doing (for reconciliation after a crash)
 */
export const pythonEnvPaths = (root: string) => ({
  root,
  venvs: path.join(root, 'venvs'),
  current: path.join(root, 'venv_current'),
  journal: path.join(root, 'env-journal.json'),
  venv: (name: string) => path.join(root, 'venvs', name),
});

export type PythonEnvPaths = ReturnType<typeof pythonEnvPaths>;

/** `venv_<UTC timestamp to the millisecond>`: sortable, unique per change. */
export function newVenvName(now = new Date()): string {
  return `venv_${now.toISOString().replace(/[-:.]/g, '')}`;
}

/** The environment `venv_current` points at (its directory name), undefined when there is none. */
export function currentVenvName(paths: PythonEnvPaths): string | undefined {
  try {
    return path.basename(fs.readlinkSync(paths.current));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
