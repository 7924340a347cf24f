/**
 * Filesystem snapshot detection: for a path, its mount (from /proc/self/mountinfo) and which
 * mechanism could snapshot it — btrfs, zfs, lvm — with the exact plans, or none (app-level
 * snapshots only). Plans are data: nothing here runs them.
 */
export {
  detectSnapshotMechanism,
  type DetectOptions,
  type SnapshotCoverage,
  type SnapshotMechanism,
} from './detect';
export {
  decodeLvmDmName,
  lvmVolumeOf,
  sysfsDmLookup,
  type DmInfo,
  type DmLookup,
  type LvmVolume,
} from './device-mapper';
export { SnapshotDetectError, type SnapshotDetectCode } from './errors';
export { findMount, parseMountInfo, superOption, unescapeMountField, type MountInfoEntry } from './mountinfo';
export { btrfsPlans, lvmPlans, zfsPlans, type SnapshotPlans } from './plans';
