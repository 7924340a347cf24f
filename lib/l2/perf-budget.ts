import type { LoadStats } from '../load';
import type { GateOutcome, Vote } from './vote';

export interface PerfBudget {
  /** Candidate p95 may be at most this many times the baseline's… */
  maxP95Ratio: number;
  /** …plus this many milliseconds (loopback latencies are ~1 ms: ratios alone are noise). */
  p95SlackMs: number;
  /** Candidate error rate may exceed the baseline's by at most this much. */
  maxErrorRateIncrease: number;
  /** Fewer successful samples than this on either side: inconclusive. */
  minSamples: number;
}

export const DEFAULT_PERF_BUDGET: PerfBudget = {
  maxP95Ratio: 1.5,
  p95SlackMs: 5,
  maxErrorRateIncrease: 0.01,
  minSamples: 50,
};

export interface PerfFinding {
  outcome: GateOutcome;
  reasons: string[];
  baseline: LoadStats;
  candidate: LoadStats;
}

/**
 * The L2 performance budget: the candidate's p95 and error rate under the same short load as the
 * current version. Too few samples on either side is `inconclusive` (and blocks), never a pass.
 */
export function perfBudgetFinding(
  baseline: LoadStats,
  candidate: LoadStats,
  budget = DEFAULT_PERF_BUDGET,
): PerfFinding {
  const reasons: string[] = [];
  const few = [
    ['baseline', baseline],
    ['candidate', candidate],
  ].filter(([, s]) => (s as LoadStats).ok < budget.minSamples || (s as LoadStats).p95_ms === null);
  if (few.length > 0) {
    for (const [name, s] of few) {
      reasons.push(
        `${name as string}: ${(s as LoadStats).ok} successful samples, ${budget.minSamples} needed`,
      );
    }
    return { outcome: 'inconclusive', reasons, baseline, candidate };
  }
  const limit = (baseline.p95_ms as number) * budget.maxP95Ratio + budget.p95SlackMs;
  if ((candidate.p95_ms as number) > limit) {
    reasons.push(
      `p95 ${candidate.p95_ms} ms > budget ${limit.toFixed(2)} ms (baseline ${baseline.p95_ms} ms × ${budget.maxP95Ratio} + ${budget.p95SlackMs} ms)`,
    );
  }
  const errLimit = baseline.error_rate + budget.maxErrorRateIncrease;
  if (candidate.error_rate > errLimit) {
    reasons.push(
      `error rate ${candidate.error_rate.toFixed(4)} > budget ${errLimit.toFixed(4)} (baseline ${baseline.error_rate.toFixed(4)})`,
    );
  }
  if (reasons.length > 0) return { outcome: 'fail', reasons, baseline, candidate };
  return {
    outcome: 'pass',
    reasons: [
      `p95 ${candidate.p95_ms} ms within ${limit.toFixed(2)} ms; error rate ${candidate.error_rate.toFixed(4)} within ${errLimit.toFixed(4)}`,
    ],
    baseline,
    candidate,
  };
}

/** As a vote: pass → accept; fail or inconclusive → reject (the gate blocks promotion). */
export function perfBudgetVote(f: PerfFinding, evidenceRefs: string[] = []): Vote {
  return {
    voter: 'l2:perf-budget',
    verdict: f.outcome === 'pass' ? 'accept' : 'reject',
    reasons: f.outcome === 'inconclusive' ? ['inconclusive: too few samples', ...f.reasons] : f.reasons,
    evidence_refs: evidenceRefs,
  };
}
