import { ApplicationFailure } from '@temporalio/activity';
import { isRouterError } from '../../runner-agents/linux/traffic-router';
import {
  burnVerdict,
  shadowVerdict,
  type BurnSlo,
  type CompareReport,
  type ShadowGate,
  type UpstreamStatsSnapshot,
  type VerdictResult,
} from '../../runner-agents/linux/traffic-router';

/**
 * The control plane's judgement of what a runner's router measured (pure functions, in an activity
 * because workflow code imports nothing but the workflow SDK). Missing data is `inconclusive`.
 * A malformed gate or SLO is a configuration error: not retried.
 */
export function createJudgeActivities() {
  const guard = (f: () => VerdictResult): VerdictResult => {
    try {
      return f();
    } catch (err) {
      if (isRouterError(err)) throw ApplicationFailure.nonRetryable(err.message, 'DEPLOY_GATE_INVALID');
      throw err;
    }
  };
  return {
    async judgeShadow(input: { report: CompareReport | null; gate: ShadowGate }): Promise<VerdictResult> {
      return guard(() => shadowVerdict(input.report, input.gate));
    },
    async judgeBurn(input: {
      stats: UpstreamStatsSnapshot | null;
      slo: BurnSlo;
      minSamples: number;
    }): Promise<VerdictResult> {
      return guard(() => burnVerdict(input.stats, input.slo, { minSamples: input.minSamples }));
    },
  };
}

export type JudgeActivities = ReturnType<typeof createJudgeActivities>;
