import { VERDICTS, type Vote } from '../voting';
import { redactString } from '../telemetry/redact-patterns';
import type { L1Input, L1Voter } from './types';
import { errorMessage } from './error-message';
import { makeVote } from './vote';

export interface VoterRun {
  vote: Vote;
  ms: number;
  /** How the voter ended: it voted, it threw, or it ran past its timeout. */
  ended: 'voted' | 'crashed' | 'timed_out';
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A vote as the schema needs it, from whatever the voter returned; a malformed one is a crash. */
function checked(id: string, vote: Vote, now: () => Date): Vote {
  if (vote?.voter !== id) throw new Error(`voted as ${String(vote?.voter)}, expected ${id}`);
  if (!VERDICTS.includes(vote.verdict) || !isStrings(vote.reasons) || !isStrings(vote.evidence_refs)) {
    throw new Error('returned a malformed vote (verdict, reasons[], evidence_refs[])');
  }
  const fixed = makeVote(id, vote.verdict, vote.reasons, vote.evidence_refs);
  const weight =
    typeof vote.weight === 'number' && vote.weight >= 0 && vote.weight <= 1 ? { weight: vote.weight } : {};
  const at =
    typeof vote.at === 'string' && !Number.isNaN(Date.parse(vote.at)) ? vote.at : now().toISOString();
  return { ...fixed, ...weight, at };
}

/**
 * Runs one voter with a deadline. A voter that throws or misses the deadline abstains, with
 * the reason; it never counts as an accept. The voter's signal is aborted at the deadline so it
 * can stop its subprocesses and requests.
 */
export async function runVoter(
  voter: L1Voter,
  input: L1Input,
  timeoutMs: number,
  now: () => Date,
): Promise<VoterRun> {
  const started = Date.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([voter.vote(input, controller.signal), deadline]);
    if (outcome === 'timeout') {
      controller.abort();
      const vote = makeVote(voter.id, 'abstain', [`${voter.id} timed out after ${timeoutMs} ms`], [], now());
      return { vote, ms: Date.now() - started, ended: 'timed_out' };
    }
    return { vote: checked(voter.id, outcome, now), ms: Date.now() - started, ended: 'voted' };
  } catch (err) {
    controller.abort();
    const code =
      typeof (err as { code?: unknown }).code === 'string' ? ` [${(err as { code: string }).code}]` : '';
    const message = errorMessage(err);
    const vote = makeVote(
      voter.id,
      'abstain',
      [`${voter.id} crashed${code}: ${redactString(message)}`],
      [],
      now(),
    );
    return { vote, ms: Date.now() - started, ended: 'crashed' };
  } finally {
    clearTimeout(timer);
  }
}
