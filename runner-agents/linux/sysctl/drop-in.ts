import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../lib/fs';
import { SysctlError } from './errors';
import { checkKey, checkName, checkPriority, checkValue } from './validate';

export interface SysctlDropIn {
  /** `/` on a real host; a scratch directory in tests (nothing outside it is touched). */
  rootPrefix: string;
  name: string;
  settings: Record<string, string | number>;
  /** The `NN` of `NN-hale-<name>.conf` (10..99, default 90: after the distribution's files). */
  priority?: number;
  now?: Date;
}

/** What a drop-in file held before a change: enough to put it back exactly (or remove it). */
export interface SysctlSnapshot {
  file: string;
  existed: boolean;
  previous: string | null;
  /** Where this snapshot is kept on disk (under `<rootPrefix>/var/lib/hale/sysctl/snapshots`). */
  snapshotFile: string;
  taken_at: string;
}

export interface WrittenDropIn {
  file: string;
  content: string;
  changed: boolean;
  snapshot: SysctlSnapshot;
}

export const sysctlDir = (rootPrefix: string) => path.join(rootPrefix, 'etc', 'sysctl.d');
export const snapshotDir = (rootPrefix: string) =>
  path.join(rootPrefix, 'var', 'lib', 'hale', 'sysctl', 'snapshots');

export function dropInPath(rootPrefix: string, name: string, priority = 90): string {
  return path.join(sysctlDir(rootPrefix), `${checkPriority(priority)}-hale-${checkName(name)}.conf`);
}

/** The file's text: a header, then `key = value` lines sorted by key (deterministic, diffable). */
export function renderDropIn(name: string, settings: Record<string, string | number>): string {
  const lines = Object.keys(settings)
    .sort()
    .map((k) => `${checkKey(k)} = ${checkValue(k, settings[k] as string | number)}`);
  return `# Managed by Hale (${checkName(name)}); changes here are overwritten.\n${lines.join('\n')}\n`;
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Writes `<rootPrefix>/etc/sysctl.d/NN-hale-<name>.conf` atomically, after keeping what was there
 * (or that nothing was) as a snapshot on disk, so restoreSysctlDropIn() can undo it even from
 * another process. Everything is validated before anything is written. Does not apply anything.
 */
export function writeSysctlDropIn(opts: SysctlDropIn): WrittenDropIn {
  const file = dropInPath(opts.rootPrefix, opts.name, opts.priority);
  if (Object.keys(opts.settings).length === 0) {
    throw new SysctlError('SYSCTL_VALUE_INVALID', `drop-in ${opts.name} has no settings`);
  }
  const content = renderDropIn(opts.name, opts.settings);
  const previous = readIfExists(file);
  const at = opts.now ?? new Date();
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  const snapshotFile = path.join(
    snapshotDir(opts.rootPrefix),
    `${path.basename(file)}.${stamp}.${randomBytes(3).toString('hex')}.json`,
  );
  const snapshot: SysctlSnapshot = {
    file,
    existed: previous !== null,
    previous,
    snapshotFile,
    taken_at: at.toISOString(),
  };
  writeFileAtomic(snapshotFile, `${JSON.stringify(snapshot)}\n`);
  if (previous !== content) writeFileAtomic(file, content);
  return { file, content, changed: previous !== content, snapshot };
}

export function readSysctlSnapshot(snapshotFile: string): SysctlSnapshot {
  const s = JSON.parse(fs.readFileSync(snapshotFile, 'utf8')) as Partial<SysctlSnapshot>;
  if (typeof s.file !== 'string' || typeof s.existed !== 'boolean' || !/-hale-[^/]+\.conf$/.test(s.file)) {
    throw new SysctlError('SYSCTL_SNAPSHOT_INVALID', `${snapshotFile} is not a sysctl drop-in snapshot`);
  }
  return { ...s, snapshotFile } as SysctlSnapshot;
}

/** Puts the drop-in back as the snapshot found it: the old content (atomically) or no file. */
export function restoreSysctlDropIn(snapshot: SysctlSnapshot | string): {
  file: string;
  restored: 'content' | 'removed';
} {
  const s = typeof snapshot === 'string' ? readSysctlSnapshot(snapshot) : snapshot;
  if (s.existed && s.previous !== null) {
    writeFileAtomic(s.file, s.previous);
    return { file: s.file, restored: 'content' };
  }
  fs.rmSync(s.file, { force: true });
  return { file: s.file, restored: 'removed' };
}
