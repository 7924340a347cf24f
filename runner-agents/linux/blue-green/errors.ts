import { HaleError } from '../../../lib/errors';

export type BlueGreenCode =
  | 'BLUEGREEN_NO_CANDIDATE'
  | 'BLUEGREEN_CANDIDATE_EXISTS'
  | 'BLUEGREEN_NOT_PROMOTED'
  | 'BLUEGREEN_ALREADY_PROMOTED'
  | 'BLUEGREEN_STATE_INVALID'
  /** promote: green's process is gone (crashed after the shadow window); traffic stays on blue. */
  | 'BLUEGREEN_CANDIDATE_DOWN'
  /** promote: green runs but its health URL does not answer 2xx in time; traffic stays on blue. */
  | 'BLUEGREEN_CANDIDATE_UNHEALTHY'
  /** verify: no candidate is staged (or it is promoted already: then it is live, not a candidate). */
  | 'DEPLOY_NOT_STAGED'
  | 'DEPLOY_OPTIONS_INVALID';

export class BlueGreenError extends HaleError<BlueGreenCode> {}
