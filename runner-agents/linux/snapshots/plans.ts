import path from 'node:path';
import type { PlannedCommand } from '../../api';
import type { LvmVolume } from './device-mapper';

export interface SnapshotPlans {
  plan: PlannedCommand[];
  rollbackPlan: PlannedCommand[];
  /** What rollback does, plainly (it differs a lot between mechanisms). */
  rollbackEffect: string;
}

const cmd = (program: string, args: string[], purpose: string): PlannedCommand => ({
  program,
  args,
  purpose,
});

/**
 * btrfs: a read-only snapshot of the subvolume the path is in, kept inside it under
 * `.hale-snapshots/`. Rollback restores the path's files from the snapshot with rsync (the mounted
 * subvolume itself is not swapped, which would need a remount).
 */
export function btrfsPlans(opts: {
  subvolumeMount: string;
  /** The target's path relative to the subvolume root ('' for the root itself). */
  relative: string;
  target: string;
  snapshotDir: string;
  name: string;
}): SnapshotPlans & { snapshotPath: string } {
  const snapshotPath = path.join(opts.snapshotDir, opts.name);
  const source = `${path.join(snapshotPath, opts.relative)}/`;
  const inside = path.relative(opts.target, opts.snapshotDir);
  // rsync --delete must not reach into the snapshots themselves when they live under the target.
  const excludeOwn = inside && !inside.startsWith('..') ? [`--exclude=/${inside}`] : [];
  const dest = opts.target.endsWith('/') ? opts.target : `${opts.target}/`;
  return {
    snapshotPath,
    plan: [
      cmd('mkdir', ['-p', opts.snapshotDir], 'directory for Hale snapshots on the same btrfs filesystem'),
      cmd(
        'btrfs',
        ['subvolume', 'snapshot', '-r', opts.subvolumeMount, snapshotPath],
        `read-only snapshot of the subvolume at ${opts.subvolumeMount}`,
      ),
    ],
    rollbackPlan: [
      cmd(
        'rsync',
        ['-aHAX', '--delete', ...excludeOwn, source, dest],
        `restore ${opts.target} from snapshot ${snapshotPath}`,
      ),
    ],
    rollbackEffect:
      'files under the path are made identical to the snapshot (newer files deleted); nested subvolumes are not in the snapshot',
  };
}

/** ZFS: a snapshot of the dataset; rollback returns the whole dataset to it. */
export function zfsPlans(dataset: string, name: string): SnapshotPlans & { snapshotName: string } {
  const snapshotName = `${dataset}@${name}`;
  return {
    snapshotName,
    plan: [cmd('zfs', ['snapshot', snapshotName], `snapshot of dataset ${dataset}`)],
    rollbackPlan: [cmd('zfs', ['rollback', snapshotName], `return dataset ${dataset} to ${snapshotName}`)],
    rollbackEffect:
      'the whole dataset returns to the snapshot, online; refused by zfs when newer snapshots exist (no -r)',
  };
}

/** LVM: a copy-on-write snapshot LV; rollback merges it back into the origin. */
export function lvmPlans(
  volume: LvmVolume,
  name: string,
  size: string,
): SnapshotPlans & { snapshotLv: string } {
  const origin = `${volume.vg}/${volume.lv}`;
  const snapshotLv = `${volume.vg}/${name}`;
  return {
    snapshotLv,
    plan: [
      cmd(
        'lvcreate',
        ['--snapshot', '--name', name, '--size', size, origin],
        `copy-on-write snapshot of ${origin} (${size} for changes)`,
      ),
    ],
    rollbackPlan: [cmd('lvconvert', ['--merge', snapshotLv], `merge ${snapshotLv} back into ${origin}`)],
    rollbackEffect:
      'the whole volume returns to the snapshot; while the origin is open (mounted) the merge waits until it is next activated (a reboot for /)',
  };
}
