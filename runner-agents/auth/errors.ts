import { HaleError } from '../../lib/errors';

/** Why a runner refused an action before touching anything (each non-retryable, each recorded). */
export type RunnerAuthCode =
  | 'ACTION_MALFORMED'
  | 'ACTION_KEY_UNKNOWN'
  | 'ACTION_SIGNATURE_INVALID'
  | 'ACTION_EXPIRED'
  | 'ACTION_NOT_YET_VALID'
  | 'ACTION_LIFETIME_TOO_LONG'
  | 'ACTION_WRONG_HOST'
  | 'ACTION_REPLAYED'
  | 'RBAC_DENIED'
  | 'RBAC_POLICY_INVALID';

export class RunnerAuthError extends HaleError<RunnerAuthCode> {}
