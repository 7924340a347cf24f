import { HaleError } from '../errors';

export type VotingErrorCode = 'QUORUM_CONFIG_INVALID' | 'VOTE_INVALID' | 'VOTE_DUPLICATE';

/**
 * A quorum configuration or a set of votes is unusable. `details.field` names the offending
 * configuration field (`quorum.k`) or vote (`votes[1].verdict`).
 */
export class VotingError extends HaleError<VotingErrorCode> {
  declare readonly details: Readonly<{ field: string } & Record<string, unknown>>;

  constructor(code: VotingErrorCode, message: string, details: { field: string } & Record<string, unknown>) {
    super(code, message, { details });
  }
}
