/** Counting votes: quorum rules (k-of-n, majority, supermajority, unanimous) with veto power. */
export { decideQuorum } from './quorum';
export { DEFAULT_QUORUM, validateQuorumConfig, votesNeeded, hasVetoPower, VOTER_ID } from './config';
export { VotingError, type VotingErrorCode } from './errors';
export {
  VERDICTS,
  type Verdict,
  type Vote,
  type QuorumConfig,
  type QuorumRule,
  type QuorumOutcome,
  type QuorumTally,
  type QuorumDecision,
} from './types';
