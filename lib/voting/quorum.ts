import { VOTER_ID, hasVetoPower, votesNeeded } from './config';
import { VotingError } from './errors';
import { VERDICTS, type QuorumConfig, type QuorumDecision, type QuorumOutcome, type Vote } from './types';

function checkVotes(votes: readonly Vote[], config: QuorumConfig): void {
  const seen = new Set<string>();
  votes.forEach((vote, i) => {
    if (typeof vote.voter !== 'string' || !VOTER_ID.test(vote.voter)) {
      throw new VotingError('VOTE_INVALID', `votes[${i}].voter: not a voter id`, {
        field: `votes[${i}].voter`,
      });
    }
    if (!VERDICTS.includes(vote.verdict)) {
      throw new VotingError('VOTE_INVALID', `votes[${i}].verdict: ${String(vote.verdict)} is not a verdict`, {
        field: `votes[${i}].verdict`,
      });
    }
    if (seen.has(vote.voter)) {
      throw new VotingError('VOTE_DUPLICATE', `votes[${i}]: ${vote.voter} voted twice`, {
        field: `votes[${i}].voter`,
        voter: vote.voter,
      });
    }
    seen.add(vote.voter);
  });
  if (votes.length > config.n) {
    throw new VotingError('VOTE_INVALID', `votes: ${votes.length} voters voted, quorum.n is ${config.n}`, {
      field: 'votes',
    });
  }
}

function passes(config: QuorumConfig, accepts: number, cast: number): boolean {
  switch (config.rule) {
    case 'k_of_n':
      return accepts >= (config.k ?? config.n);
    case 'majority':
      return accepts * 2 > cast;
    case 'supermajority':
      return accepts * 3 >= cast * 2;
    case 'unanimous':
      return accepts === cast;
  }
}

function describe(config: QuorumConfig): string {
  return config.rule === 'k_of_n' ? `k_of_n, ${config.k ?? config.n} of ${config.n}` : config.rule;
}

/**
 * Counts votes under `config` (already validated, see validateQuorumConfig). A veto from a voter
 * with veto power → `vetoed`, whatever else was cast; a veto from anyone else counts as a reject.
 * Fewer counted (non-abstaining) votes than needed → `no_quorum`. Expected voters that did not
 * vote count as abstentions. Otherwise the rule decides `accepted` or `rejected`.
 */
export function decideQuorum(votes: readonly Vote[], config: QuorumConfig): QuorumDecision {
  checkVotes(votes, config);
  const count = (verdict: Vote['verdict']): number => votes.filter((v) => v.verdict === verdict).length;
  const accepts = count('accept');
  const rejects = count('reject');
  const vetoes = count('veto');
  const abstains = count('abstain') + (config.n - votes.length);
  const cast = accepts + rejects + vetoes;
  const needed = votesNeeded(config);
  const vetoedBy = votes
    .filter((v) => v.verdict === 'veto' && hasVetoPower(config, v.voter))
    .map((v) => v.voter);
  const met = cast >= needed;
  let outcome: QuorumOutcome;
  if (vetoedBy.length > 0) outcome = 'vetoed';
  else if (!met) outcome = 'no_quorum';
  else outcome = passes(config, accepts, cast) ? 'accepted' : 'rejected';
  const summary =
    outcome === 'vetoed'
      ? `vetoed by ${vetoedBy.join(', ')}`
      : outcome === 'no_quorum'
        ? `no quorum: ${cast} counted vote(s), ${needed} needed (${describe(config)})`
        : `${outcome}: ${accepts} of ${cast} counted vote(s) accept (${describe(config)})`;
  return {
    outcome,
    summary,
    quorum: {
      rule: config.rule,
      needed,
      cast,
      accepts,
      rejects,
      abstains,
      vetoes,
      met,
      ...(config.k === undefined ? {} : { k: config.k }),
      n: config.n,
      veto_voters: [...config.veto],
      vetoed_by: vetoedBy,
    },
  };
}
