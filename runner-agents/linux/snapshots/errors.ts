import { HaleError } from '../../../lib/errors';

/** Codes of snapshot detection. Tests assert the code, never the message. */
export type SnapshotDetectCode =
  'SNAPSHOT_PATH_INVALID' | 'SNAPSHOT_OPTION_INVALID' | 'MOUNTINFO_UNPARSABLE' | 'MOUNT_NOT_FOUND';

export class SnapshotDetectError extends HaleError<SnapshotDetectCode> {}
