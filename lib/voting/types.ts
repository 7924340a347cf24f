/** What a voter can say about a change. `veto` blocks it when the voter holds veto power. */
export type Verdict = 'accept' | 'reject' | 'abstain' | 'veto';

export const VERDICTS: readonly Verdict[] = ['accept', 'reject', 'abstain', 'veto'];

/** One vote, in the shape l1/l2 consensus results record it. */
export interface Vote {
  /** Voter id: `<kind>` or `<kind>:<detail>` (`security`, `reviewer:offline-heuristic`). */
  voter: string;
  verdict: Verdict;
  reasons: string[];
  /** URIs of what the vote rests on (`osv://GHSA-…`, `bandit://B602/app.py#L6`). */
  evidence_refs: string[];
  /** Trust weight (0..1); recorded with the vote, not used in counting. */
  weight?: number;
  /** When the vote was cast (RFC 3339). */
  at?: string;
}

/**
 * How votes are counted.
 * - `k_of_n`: at least `k` accepts out of `n` voters;
 * - `majority`: more accepts than half the counted votes;
 * - `supermajority`: at least two thirds of the counted votes accept;
 * - `unanimous`: every counted vote accepts.
 * Counted votes are the non-abstaining ones (accept, reject, veto).
 */
export type QuorumRule = 'k_of_n' | 'majority' | 'supermajority' | 'unanimous';

export interface QuorumConfig {
  rule: QuorumRule;
  /** Voters expected (an absent voter counts as an abstention). */
  n: number;
  /** `k_of_n` only: accepts needed. */
  k?: number;
  /** Counted (non-abstaining) votes needed for a quorum; default `k` for k_of_n, else a majority of `n`. */
  min_votes?: number;
  /**
   * Voters whose veto blocks the outcome, by voter kind (`security` matches `security` and
   * `security:osv`) or exact id. A veto from anyone else counts as a reject.
   */
  veto: string[];
}

export type QuorumOutcome = 'accepted' | 'rejected' | 'vetoed' | 'no_quorum';

/** The count, as recorded in `quorum` of a consensus result. */
export interface QuorumTally {
  rule: QuorumRule;
  /** Counted votes needed for a quorum. */
  needed: number;
  /** Counted votes: accepts + rejects + vetoes. */
  cast: number;
  accepts: number;
  rejects: number;
  abstains: number;
  /** Every `veto` verdict, with or without veto power. */
  vetoes: number;
  met: boolean;
  k?: number;
  n: number;
  veto_voters: string[];
  /** Voters whose veto decided the outcome. */
  vetoed_by: string[];
}

export interface QuorumDecision {
  quorum: QuorumTally;
  outcome: QuorumOutcome;
  /** One line a person can read: `accepted: 2 of 3 accept (k_of_n k=2)`. */
  summary: string;
}
