import { HaleError } from '../errors';

export type L1ErrorCode =
  'L1_INPUT_INVALID' | 'L1_CONFIG_INVALID' | 'OSV_SNAPSHOT_INVALID' | 'SAST_FAILED' | 'VOTER_TIMEOUT';

/** L1 could not vote: bad input or configuration (`details.field`), a bad OSV snapshot, a SAST run that failed. */
export class L1Error extends HaleError<L1ErrorCode> {}
