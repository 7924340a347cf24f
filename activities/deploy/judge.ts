import { SpanStatusCode, type Tracer } from '@opentelemetry/api';
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

/** The span of the shadow comparison, from the start of the shadow window to its verdict. */
export const DEPLOY_COMPARE_SPAN = 'Deploy.compare';

export interface JudgeDeps {
  /** Gives the shadow comparison its `Deploy.compare` span (in the remediation's trace). */
  tracer?: Tracer;
}

/**
 * The control plane's judgement of what a runner's router measured (pure functions, in an activity
 * because workflow code imports nothing but the workflow SDK). Missing data is `inconclusive`.
 * A malformed gate or SLO is a configuration error: not retried.
 */
export function createJudgeActivities(deps: JudgeDeps = {}) {
  const guard = (f: () => VerdictResult): VerdictResult => {
    try {
      return f();
    } catch (err) {
      if (isRouterError(err)) throw ApplicationFailure.nonRetryable(err.message, 'DEPLOY_GATE_INVALID');
      throw err;
    }
  };
  return {
    async judgeShadow(input: {
      report: CompareReport | null;
      gate: ShadowGate;
      /** When the shadow window began (epoch ms, workflow time): the span's start. */
      windowStartedMs?: number;
    }): Promise<VerdictResult> {
      const span = deps.tracer?.startSpan(DEPLOY_COMPARE_SPAN, {
        ...(input.windowStartedMs !== undefined ? { startTime: input.windowStartedMs } : {}),
      });
      try {
        const verdict = guard(() => shadowVerdict(input.report, input.gate));
        const r = input.report;
        span?.setAttributes({
          'hale.verdict': verdict.verdict,
          ...(r
            ? {
                'hale.compare.samples': r.samples,
                'hale.compare.mirrored': r.mirrored,
                'hale.compare.status_mismatches': r.status_mismatches,
                'hale.compare.body_mismatches': r.body_mismatches,
                'hale.compare.green_errors': r.green_errors,
                ...(r.mismatch_rate !== null ? { 'hale.compare.mismatch_rate': r.mismatch_rate } : {}),
                ...(r.latency.p95_ratio !== null ? { 'hale.compare.p95_ratio': r.latency.p95_ratio } : {}),
              }
            : {}),
        });
        if (verdict.verdict !== 'pass')
          span?.setStatus({ code: SpanStatusCode.ERROR, message: verdict.reasons.join('; ') });
        return verdict;
      } catch (err) {
        span?.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        throw err;
      } finally {
        span?.end();
      }
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
