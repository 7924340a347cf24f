import type { CompareReport } from './compare';
import { fieldError } from './errors';
import type { UpstreamStatsSnapshot } from './stats';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface VerdictResult {
  verdict: Verdict;
  /** Every failed or unproven check, in plain words; on pass, what was checked. */
  reasons: string[];
}

export interface ShadowGate {
  /** Pairs needed before anything can pass (≥ 1). */
  minSamples: number;
  /** Largest green p95 / blue p95 over the mirrored pairs. */
  maxP95Ratio: number;
  /** Largest (status + body mismatches) / pairs green answered. */
  maxMismatchRate: number;
  /** Largest green errors (no answer) / pairs. */
  maxErrorRate: number;
  /** A p95 regression under this many milliseconds is noise, whatever the ratio (default 5). */
  p95SlackMs?: number;
}

export interface BurnSlo {
  error_rate?: number;
  api_p95_ms?: number;
}

/** A finite number, or undefined: NaN, null and absent fields are missing data. */
function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function checkGate(gate: Record<string, number | undefined>): void {
  for (const [key, value] of Object.entries(gate)) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0) throw fieldError(key, 'must be a finite number ≥ 0');
  }
  const min = gate.minSamples;
  if (min === undefined || !Number.isInteger(min) || min < 1) {
    throw fieldError('minSamples', 'must be an integer ≥ 1 (an empty window must never pass)');
  }
}

function decide(fails: string[], unknowns: string[], passes: string[]): VerdictResult {
  if (fails.length > 0) return { verdict: 'fail', reasons: [...fails, ...unknowns] };
  if (unknowns.length > 0) return { verdict: 'inconclusive', reasons: unknowns };
  return { verdict: 'pass', reasons: passes };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/**
 * Judges a shadow compare. Too few samples, a missing report, no green, missing latency or too few
 * comparable bodies are `inconclusive`, never `pass`. Before minSamples is reached a failure is called
 * early only when it is already certain: that many errors would exceed the budget even if every
 * remaining pair up to minSamples were clean.
 */
export function shadowVerdict(report: CompareReport | null | undefined, gate: ShadowGate): VerdictResult {
  checkGate({ ...gate });
  const slack = gate.p95SlackMs ?? 5;
  if (typeof report !== 'object' || report === null) return decide([], ['no compare report'], []);
  if (typeof report.green !== 'string') return decide([], ['no green upstream under comparison'], []);
  const samples = num(report.samples);
  const greenErrors = num(report.green_errors);
  const mismatches = (num(report.status_mismatches) ?? NaN) + (num(report.body_mismatches) ?? NaN);
  if (samples === undefined || greenErrors === undefined || Number.isNaN(mismatches)) {
    return decide([], ['compare report lacks sample counts'], []);
  }
  const fails: string[] = [];
  const unknowns: string[] = [];
  const passes: string[] = [];
  if (samples < gate.minSamples) {
    if (greenErrors / gate.minSamples > gate.maxErrorRate) {
      fails.push(`green failed ${greenErrors} of ${samples} mirrored requests (already over budget)`);
    }
    if (mismatches / gate.minSamples > gate.maxMismatchRate) {
      fails.push(`${mismatches} mismatches in ${samples} pairs (already over budget)`);
    }
    unknowns.push(`only ${samples} of ${gate.minSamples} required shadow samples`);
    return decide(fails, unknowns, passes);
  }
  const errorRate = greenErrors / samples;
  if (errorRate > gate.maxErrorRate)
    fails.push(`green error rate ${pct(errorRate)} > ${pct(gate.maxErrorRate)}`);
  else passes.push(`green error rate ${pct(errorRate)}`);
  const answered = samples - greenErrors;
  if (answered < gate.minSamples) {
    unknowns.push(`green answered only ${answered} of ${gate.minSamples} required pairs`);
    return decide(fails, unknowns, passes);
  }
  const mismatchRate = mismatches / answered;
  if (mismatchRate > gate.maxMismatchRate) {
    fails.push(`mismatch rate ${pct(mismatchRate)} > ${pct(gate.maxMismatchRate)}`);
  } else passes.push(`mismatch rate ${pct(mismatchRate)}`);
  const compared = num(report.body_compared) ?? 0;
  if (compared < gate.minSamples) {
    unknowns.push(`only ${compared} bodies compared (${num(report.uncomparable) ?? '?'} uncomparable)`);
  }
  const blueP95 = num(report.latency?.blue?.p95_ms);
  const greenP95 = num(report.latency?.green?.p95_ms);
  if (blueP95 === undefined || greenP95 === undefined || blueP95 <= 0) {
    unknowns.push('no paired latency to compare');
  } else {
    const ratio = greenP95 / blueP95;
    const text = `green p95 ${greenP95} ms vs blue ${blueP95} ms (×${ratio.toFixed(2)})`;
    if (ratio > gate.maxP95Ratio && greenP95 - blueP95 > slack) fails.push(`${text} > ×${gate.maxP95Ratio}`);
    else passes.push(text);
  }
  return decide(fails, unknowns, passes);
}

/**
 * Judges the post-promotion SLO watch over one upstream's stats window. No stats, no SLO objective,
 * fewer than minSamples requests or no latency figure are `inconclusive`; as in shadowVerdict an error
 * burn is called early only when it is already certain.
 */
export function burnVerdict(
  stats: UpstreamStatsSnapshot | null | undefined,
  slo: BurnSlo,
  opts: { minSamples: number },
): VerdictResult {
  checkGate({ minSamples: opts.minSamples, error_rate: slo.error_rate, api_p95_ms: slo.api_p95_ms });
  if (slo.error_rate === undefined && slo.api_p95_ms === undefined) {
    return decide([], ['the SLO names no objective (error_rate, api_p95_ms)'], []);
  }
  if (typeof stats !== 'object' || stats === null) return decide([], ['no stats'], []);
  const requests = num(stats.requests);
  const errors = (num(stats.status_5xx) ?? NaN) + (num(stats.conn_errors) ?? NaN);
  if (requests === undefined || Number.isNaN(errors)) return decide([], ['stats lack request counts'], []);
  const fails: string[] = [];
  const unknowns: string[] = [];
  const passes: string[] = [];
  if (requests < opts.minSamples) {
    if (slo.error_rate !== undefined && errors / opts.minSamples > slo.error_rate) {
      fails.push(`${errors} errors in ${requests} requests (already over the SLO)`);
    }
    unknowns.push(`only ${requests} of ${opts.minSamples} required requests`);
    return decide(fails, unknowns, passes);
  }
  if (slo.error_rate !== undefined) {
    const rate = errors / requests;
    if (rate > slo.error_rate) fails.push(`error rate ${pct(rate)} > SLO ${pct(slo.error_rate)}`);
    else passes.push(`error rate ${pct(rate)}`);
  }
  if (slo.api_p95_ms !== undefined) {
    const p95 = num(stats.api_p95_ms);
    if (p95 === undefined) unknowns.push('no latency figure');
    else if (p95 > slo.api_p95_ms) fails.push(`p95 ${p95} ms > SLO ${slo.api_p95_ms} ms`);
    else passes.push(`p95 ${p95} ms`);
  }
  return decide(fails, unknowns, passes);
}
