import { parsePackageLock, parseRequirementsLock, type LockedPackage } from '../artifacts/lockfiles';
import type { Ecosystem } from './versions/ecosystem';

/** npm for package-lock.json / npm-shrinkwrap.json, PyPI for any other (pip requirements) lock. */
export function ecosystemOf(fileName: string): Ecosystem {
  const base = fileName.split('/').pop() ?? fileName;
  return base === 'package-lock.json' || base === 'npm-shrinkwrap.json' ? 'npm' : 'PyPI';
}

/** Parses a lock with the artifact store's parsers (hash pinning is enforced there: unpinned → throws). */
export function parseLock(fileName: string, text: string): LockedPackage[] {
  return ecosystemOf(fileName) === 'npm'
    ? parsePackageLock(text, fileName)
    : parseRequirementsLock(text, fileName);
}

export type ChangeKind = 'added' | 'removed' | 'upgraded' | 'downgraded' | 'changed';

export interface PackageChange {
  name: string;
  kind: ChangeKind;
  from?: string;
  to?: string;
}

/** Key of a locked package: npm paths can hold one name at several versions. */
const keyOf = (p: LockedPackage): string => p.path ?? `${p.name};${p.marker ?? ''}`;

/** What changed between two locks (by npm path or pip name); `changed` = same version, new hashes. */
export function diffLocks(
  before: LockedPackage[],
  after: LockedPackage[],
  compare: (a: string, b: string) => number | undefined,
): PackageChange[] {
  const old = new Map(before.map((p) => [keyOf(p), p]));
  const out: PackageChange[] = [];
  for (const p of after) {
    const was = old.get(keyOf(p));
    old.delete(keyOf(p));
    if (!was) {
      out.push({ name: p.name, kind: 'added', to: p.version });
      continue;
    }
    const c = compare(p.version, was.version) ?? (p.version === was.version ? 0 : 1);
    const sameHashes = was.hashes.map((h) => h.hex).join() === p.hashes.map((h) => h.hex).join();
    if (c === 0 && sameHashes) continue;
    const kind: ChangeKind = c > 0 ? 'upgraded' : c < 0 ? 'downgraded' : 'changed';
    out.push({ name: p.name, kind, from: was.version, to: p.version });
  }
  for (const p of old.values()) out.push({ name: p.name, kind: 'removed', from: p.version });
  return out;
}
