import fs from 'node:fs';
import path from 'node:path';
import type { PlannedCommand } from '../../api';
import { lvmVolumeOf, sysfsDmLookup, type DmLookup, type LvmVolume } from './device-mapper';
import { SnapshotDetectError } from './errors';
import { findMount, parseMountInfo, superOption, type MountInfoEntry } from './mountinfo';
import { btrfsPlans, lvmPlans, zfsPlans } from './plans';

export type SnapshotMechanism = 'btrfs' | 'zfs' | 'lvm' | 'none';

export interface SnapshotCoverage {
  /** The path asked about, resolved (symlinks followed as far as it exists). */
  path: string;
  mechanism: SnapshotMechanism;
  /** The mount point of the filesystem the path is on. */
  mount: string;
  /** The mount source: block device, ZFS dataset, or a pseudo source (`overlay`, `tmpfs`). */
  device: string;
  fsType: string;
  /** Commands that take the snapshot (empty for `none`). */
  plan: PlannedCommand[];
  rollbackPlan: PlannedCommand[];
  /** `hale-<UTC stamp>` (absent for `none`). */
  snapshotName?: string;
  /** Why this mechanism (or why none), for the ledger. */
  reason: string;
  rollbackEffect?: string;
  entry: MountInfoEntry;
  btrfs?: { subvolume: string; subvolumeMount: string; snapshotPath: string };
  zfs?: { dataset: string; snapshot: string };
  lvm?: LvmVolume & { snapshotLv: string; size: string };
}

export interface DetectOptions {
  /** mountinfo text; default: this process's `/proc/self/mountinfo`. */
  mountinfo?: string;
  /** Follow symlinks of the path (default: only when reading this host's mountinfo). */
  resolveSymlinks?: boolean;
  /** Device-mapper lookup (default: sysfs, only when reading this host's mountinfo). */
  dmLookup?: DmLookup;
  now?: Date;
  /** Space for an LVM snapshot's changes (`lvcreate --size`, default `1G`). */
  lvmSnapshotSize?: string;
  /** Where btrfs snapshots go (default `<subvolume mount>/.hale-snapshots`; must be on the same filesystem). */
  btrfsSnapshotDir?: string;
}

/** Pseudo and network filesystems: never LVM, whatever their source is called. */
const NO_BLOCK_DEVICE =
  /^(overlay|tmpfs|devtmpfs|ramfs|proc|sysfs|cgroup2?|nfs4?|cifs|smb3|9p|virtiofs|fuse(\..*)?|squashfs|iso9660)$/;

function resolve(target: string): string {
  let existing = target;
  const rest: string[] = [];
  while (!fs.existsSync(existing) && existing !== '/') {
    rest.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  return path.join(fs.realpathSync(existing), ...rest);
}

function checkTarget(target: string): string {
  if (!path.isAbsolute(target) || target.includes('\0') || target.split('/').includes('..')) {
    throw new SnapshotDetectError(
      'SNAPSHOT_PATH_INVALID',
      `${JSON.stringify(target)}: an absolute path without ..`,
    );
  }
  return path.normalize(target).replace(/(.)\/+$/, '$1');
}

function btrfsCoverage(
  entries: MountInfoEntry[],
  entry: MountInfoEntry,
  target: string,
  opts: DetectOptions,
  name: string,
) {
  const subvolume = superOption(entry, 'subvol') ?? entry.root;
  let subvolumeMount: MountInfoEntry | undefined = entry;
  let inSubvolume = path.relative(entry.mountPoint, target);
  if (entry.root !== subvolume) {
    // A bind mount of a directory inside the subvolume: snapshot the subvolume where its root is mounted.
    const within = path.relative(subvolume, entry.root);
    subvolumeMount = entries.find(
      (e) => e.majorMinor === entry.majorMinor && e.fsType === 'btrfs' && e.root === subvolume,
    );
    inSubvolume = path.join(within, inSubvolume);
  }
  if (!subvolumeMount) return undefined;
  const plans = btrfsPlans({
    subvolumeMount: subvolumeMount.mountPoint,
    relative: inSubvolume,
    target,
    snapshotDir: opts.btrfsSnapshotDir ?? path.join(subvolumeMount.mountPoint, '.hale-snapshots'),
    name,
  });
  return { subvolume, subvolumeMount: subvolumeMount.mountPoint, ...plans };
}

/**
 * Which snapshot mechanism could cover `target`: its mount from mountinfo, then btrfs (fs type),
 * zfs (fs type; the source is the dataset) or lvm (the device is an LVM volume), else none (the
 * runner's app-level snapshots — previous venvs/releases — are what covers it). Runs nothing.
 */
export function detectSnapshotMechanism(target: string, opts: DetectOptions = {}): SnapshotCoverage {
  const live = opts.mountinfo === undefined;
  const normal = checkTarget(target);
  const resolved = (opts.resolveSymlinks ?? live) ? resolve(normal) : normal;
  const entries = parseMountInfo(opts.mountinfo ?? fs.readFileSync('/proc/self/mountinfo', 'utf8'));
  const entry = findMount(entries, resolved);
  const name = `hale-${(opts.now ?? new Date()).toISOString().replace(/[-:.]/g, '')}`;
  const base = { path: resolved, mount: entry.mountPoint, device: entry.source, fsType: entry.fsType, entry };
  const none = (reason: string): SnapshotCoverage => ({
    ...base,
    mechanism: 'none',
    plan: [],
    rollbackPlan: [],
    reason: `${reason}; app-level snapshots (the previous environment or release kept beside the current one) cover it`,
  });

  if (entry.fsType === 'btrfs') {
    const b = btrfsCoverage(entries, entry, resolved, opts, name);
    if (!b)
      return none(
        `btrfs, but the root of subvolume ${superOption(entry, 'subvol') ?? entry.root} is not mounted here`,
      );
    const { plan, rollbackPlan, rollbackEffect, snapshotPath, subvolume, subvolumeMount } = b;
    return {
      ...base,
      mechanism: 'btrfs',
      plan,
      rollbackPlan,
      rollbackEffect,
      snapshotName: name,
      reason: `btrfs subvolume ${subvolume} mounted at ${subvolumeMount}`,
      btrfs: { subvolume, subvolumeMount, snapshotPath },
    };
  }
  if (entry.fsType === 'zfs') {
    if (entry.source.includes('@')) return none(`${entry.source} is itself a ZFS snapshot (read-only)`);
    const z = zfsPlans(entry.source, name);
    return {
      ...base,
      mechanism: 'zfs',
      plan: z.plan,
      rollbackPlan: z.rollbackPlan,
      rollbackEffect: z.rollbackEffect,
      snapshotName: name,
      reason: `ZFS dataset ${entry.source}`,
      zfs: { dataset: entry.source, snapshot: z.snapshotName },
    };
  }
  if (NO_BLOCK_DEVICE.test(entry.fsType))
    return none(`${entry.fsType} has no snapshots of its own and no block device`);
  const size = opts.lvmSnapshotSize ?? '1G';
  if (!/^\d+(\.\d+)?[bBsSkKmMgGtTpPeE]?$/.test(size)) {
    throw new SnapshotDetectError(
      'SNAPSHOT_OPTION_INVALID',
      `lvmSnapshotSize ${JSON.stringify(size)} is not an lvcreate size`,
    );
  }
  const match = lvmVolumeOf(entry.source, opts.dmLookup ?? (live ? sysfsDmLookup() : undefined));
  if (!match.volume) return none(`${entry.fsType} has no snapshots of its own and ${match.reason}`);
  const l = lvmPlans(match.volume, name, size);
  return {
    ...base,
    mechanism: 'lvm',
    plan: l.plan,
    rollbackPlan: l.rollbackPlan,
    rollbackEffect: l.rollbackEffect,
    snapshotName: name,
    reason: match.reason,
    lvm: { ...match.volume, snapshotLv: l.snapshotLv, size },
  };
}
