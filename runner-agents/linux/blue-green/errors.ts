import { HaleError } from '../../../lib/errors';

export type BlueGreenCode =
  | 'BLUEGREEN_NO_CANDIDATE'
  | 'BLUEGREEN_CANDIDATE_EXISTS'
  | 'BLUEGREEN_NOT_PROMOTED'
  | 'BLUEGREEN_ALREADY_PROMOTED'
  | 'BLUEGREEN_STATE_INVALID'
  /** verify: no candidate is staged (or it is promoted already: then it is live, not a candidate). */
  | 'DEPLOY_NOT_STAGED'
  | 'DEPLOY_OPTIONS_INVALID';

export class BlueGreenError extends HaleError<BlueGreenCode> {}
