import { randomUUID } from 'node:crypto';
import { validateContract, type L1ConsensusResultV1 } from '../contracts';
import { decideQuorum, DEFAULT_QUORUM, type QuorumConfig } from '../voting';
import { validateL1Input } from './input';
import { runVoter, type VoterRun } from './run-voter';
import type { L1Input, L1Voter } from './types';

export interface L1ConsensusOptions {
  /** The voters (see createL1Voters); the quorum must expect at least as many (`n`). */
  voters: L1Voter[];
  /** Default: 2 of 3, security can veto. */
  quorum?: QuorumConfig;
  /** Per-voter deadline (default 120 s), or one per voter id. */
  timeout_ms?: number | Record<string, number>;
  now?: () => Date;
  id?: () => string;
  /** Called with each voter's run (timings, how it ended), e.g. for metrics. */
  onVoter?: (run: VoterRun) => void;
}

const DEFAULT_TIMEOUT_MS = 120000;

function timeoutFor(option: L1ConsensusOptions['timeout_ms'], id: string): number {
  if (typeof option === 'number') return option;
  return option?.[id] ?? option?.[id.split(':')[0] ?? id] ?? DEFAULT_TIMEOUT_MS;
}

/**
 * L1 (file level): runs every voter in parallel, each with its deadline (a crash or a timeout is
 * an abstention), counts the votes under the quorum rule and returns the
 * `l1.consensus.result.v1` document, validated against its schema, with every vote.
 * Throws L1Error L1_INPUT_INVALID for unusable input, VotingError for duplicate voter ids.
 */
export async function l1Consensus(input: L1Input, options: L1ConsensusOptions): Promise<L1ConsensusResultV1> {
  validateL1Input(input);
  const now = options.now ?? (() => new Date());
  const quorum = options.quorum ?? { ...DEFAULT_QUORUM, veto: [...DEFAULT_QUORUM.veto] };
  const runs = await Promise.all(
    options.voters.map((voter) => runVoter(voter, input, timeoutFor(options.timeout_ms, voter.id), now)),
  );
  for (const run of runs) options.onVoter?.(run);
  const votes = runs.map((r) => r.vote);
  const decision = decideQuorum(votes, quorum);
  const doc: L1ConsensusResultV1 = {
    id: (options.id ?? randomUUID)(),
    request_id: input.request_id,
    artifact_digest: input.artifact_digest,
    decided_at: now().toISOString(),
    votes,
    quorum: decision.quorum,
    outcome: decision.outcome,
    summary: `${input.service}: ${decision.summary}`.slice(0, 2000),
  };
  return validateContract('l1.consensus.result.v1', doc);
}
