import type { LockedPackage } from '../../artifacts/lockfiles';
import { diffLocks, ecosystemOf, parseLock, type PackageChange } from '../lockfile';
import { errorMessage } from '../error-message';
import type { L1ChangedFile, L1Input } from '../types';
import { versionScheme, type Ecosystem } from '../versions/ecosystem';

/** What a reviewer looks at: package moves, new install scripts and the size of the file change. */
export interface ChangeSummary {
  ecosystem?: Ecosystem;
  packages: PackageChange[];
  /** npm packages that gained `hasInstallScript` (new, or not flagged before). */
  new_install_scripts: string[];
  files: { path: string; status: 'added' | 'modified' | 'deleted'; lines_changed: number }[];
  lines_changed: number;
  /** Set when a lock could not be read (the rules voter reports why). */
  unreadable_lock?: string;
}

/** Lines in one text and not the other (a multiset difference; cheap, order-insensitive). */
export function linesChanged(before: string | undefined, after: string | null): number {
  const count = new Map<string, number>();
  for (const l of (before ?? '').split('\n')) if (before !== undefined) count.set(l, (count.get(l) ?? 0) + 1);
  let added = 0;
  for (const l of after === null ? [] : after.split('\n')) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else added++;
  }
  const removed = [...count.values()].reduce((a, b) => a + b, 0);
  return added + removed;
}

function installScripts(text: string | undefined): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (text === undefined) return out;
  try {
    const doc = JSON.parse(text) as { packages?: Record<string, { hasInstallScript?: unknown }> };
    for (const [key, entry] of Object.entries(doc.packages ?? {})) {
      if (key !== '' && entry?.hasInstallScript === true) out.set(key, true);
    }
  } catch {
    // An unparseable lock is reported through unreadable_lock.
    return out;
  }
  return out;
}

function fileStatus(f: L1ChangedFile): 'added' | 'modified' | 'deleted' {
  return f.content === null ? 'deleted' : f.previous === undefined ? 'added' : 'modified';
}

export function summarizeChange(input: L1Input): ChangeSummary {
  const files = (input.files ?? []).map((f) => ({
    path: f.path,
    status: fileStatus(f),
    lines_changed: linesChanged(f.previous, f.content),
  }));
  const summary: ChangeSummary = {
    packages: [],
    new_install_scripts: [],
    files,
    lines_changed: files.reduce((a, f) => a + f.lines_changed, 0),
  };
  const lock = input.lockfile;
  if (!lock) return summary;
  const ecosystem = ecosystemOf(lock.file_name);
  summary.ecosystem = ecosystem;
  let before: LockedPackage[];
  let after: LockedPackage[];
  try {
    after = parseLock(lock.file_name, lock.new);
    before = lock.old === undefined ? [] : parseLock(lock.file_name, lock.old);
  } catch (err) {
    summary.unreadable_lock = errorMessage(err);
    return summary;
  }
  const scheme = versionScheme(ecosystem);
  summary.packages = diffLocks(before, after, (a, b) => scheme.compare(a, b));
  if (ecosystem === 'npm') {
    const old = installScripts(lock.old);
    summary.new_install_scripts = [...installScripts(lock.new).keys()].filter((k) => !old.has(k));
  }
  return summary;
}
