import type { CapturedBody } from './body-capture';
import { compareBodies } from './equivalence';
import { LatencyHistogram, type LatencySummary } from './histogram';
import { pathOf } from './safe-to-repeat';
import type { ShadowConfig } from './shadow-config';

/** One side of a mirrored exchange. No status = the upstream never answered (`error` says why). */
export interface ShadowSide {
  status?: number;
  latencyMs: number;
  body?: CapturedBody;
  error?: string;
}

export interface ShadowPair {
  method: string;
  target: string;
  blue: ShadowSide;
  green: ShadowSide;
}

export type SkipReason = 'unsafe' | 'sampled_out' | 'busy' | 'body_too_large' | 'client_aborted';
export type MismatchKind = 'status' | 'body' | 'green_error';

export interface MismatchSample {
  at: string;
  kind: MismatchKind;
  method: string;
  /** The path only: query strings can carry tokens. */
  path: string;
  blue_status: number | null;
  green_status: number | null;
  blue_latency_ms: number;
  green_latency_ms: number;
  detail: string;
}

/** The shadow comparison since the last reset (or since green changed). */
export interface CompareReport {
  green: string | null;
  window_started_at: string;
  /** Mirrored requests sent to green. */
  mirrored: number;
  in_flight: number;
  skipped: Record<SkipReason, number>;
  /** Pairs judged: blue answered and green answered or failed. */
  samples: number;
  /** Pairs dropped because blue itself failed (nothing to compare against). */
  blue_failed: number;
  green_errors: number;
  status_mismatches: number;
  /** Pairs with equal status whose bodies were compared (equal or different). */
  body_compared: number;
  body_mismatches: number;
  /** Bodies over the cap with different digests in JSON mode: equivalence unknown. */
  uncomparable: number;
  /** (status + body mismatches) / pairs green answered; null without any. */
  mismatch_rate: number | null;
  /** green errors / samples; null without samples. */
  green_error_rate: number | null;
  latency: { blue: LatencySummary; green: LatencySummary; p95_ratio: number | null };
  mismatch_samples: MismatchSample[];
}

const SKIPS: readonly SkipReason[] = ['unsafe', 'sampled_out', 'busy', 'body_too_large', 'client_aborted'];

/** Collects mirrored pairs with bounded memory: counters, two histograms and the newest N mismatches. */
export class CompareRecorder {
  private generation = 0;
  private green: string | null = null;
  private startedAt = Date.now();
  private inFlight = 0;
  private mirrored = 0;
  private skipped = this.noSkips();
  private counts = {
    samples: 0,
    blueFailed: 0,
    greenErrors: 0,
    status: 0,
    compared: 0,
    body: 0,
    uncomparable: 0,
  };
  private readonly blueLatency = new LatencyHistogram();
  private readonly greenLatency = new LatencyHistogram();
  private samples: MismatchSample[] = [];

  constructor(
    private readonly limits: { mismatchSamples: number; maxMirrorsInFlight: number },
    green: string | null,
  ) {
    this.green = green;
  }

  private noSkips(): Record<SkipReason, number> {
    return Object.fromEntries(SKIPS.map((s) => [s, 0])) as Record<SkipReason, number>;
  }

  skip(reason: SkipReason): void {
    this.skipped[reason] += 1;
  }

  /** A slot for one mirror (its generation), or undefined when too many are in flight. */
  begin(): number | undefined {
    if (this.inFlight >= this.limits.maxMirrorsInFlight) {
      this.skip('busy');
      return undefined;
    }
    this.inFlight += 1;
    this.mirrored += 1;
    return this.generation;
  }

  /**
   * Ends a mirror: a pair is judged, a reason is counted. Nothing is judged when the window was reset
   * meanwhile (green changed, stats reset): those answers belong to another comparison.
   */
  finish(generation: number, outcome: ShadowPair | SkipReason | 'blue_failed', config: ShadowConfig): void {
    this.inFlight -= 1;
    if (generation !== this.generation) return;
    if (outcome === 'blue_failed') this.counts.blueFailed += 1;
    else if (typeof outcome === 'string') this.skip(outcome);
    else this.judge(outcome, config);
  }

  private judge(pair: ShadowPair, config: ShadowConfig): void {
    const { blue, green } = pair;
    if (blue.status === undefined) {
      this.counts.blueFailed += 1;
      return;
    }
    this.counts.samples += 1;
    if (green.status === undefined) {
      this.counts.greenErrors += 1;
      this.keep(pair, 'green_error', green.error ?? 'no answer');
      return;
    }
    this.blueLatency.record(blue.latencyMs);
    this.greenLatency.record(green.latencyMs);
    if (blue.status !== green.status) {
      this.counts.status += 1;
      this.keep(pair, 'status', `status ${blue.status} vs ${green.status}`);
      return;
    }
    if (!blue.body || !green.body) return;
    const body = compareBodies(blue.body, green.body, config);
    if (body.result === 'uncomparable') {
      this.counts.uncomparable += 1;
      return;
    }
    this.counts.compared += 1;
    if (body.result === 'different') {
      this.counts.body += 1;
      this.keep(pair, 'body', body.detail ?? 'bodies differ');
    }
  }

  private keep(pair: ShadowPair, kind: MismatchKind, detail: string): void {
    if (this.limits.mismatchSamples === 0) return;
    this.samples.push({
      at: new Date().toISOString(),
      kind,
      method: pair.method,
      path: pathOf(pair.target),
      blue_status: pair.blue.status ?? null,
      green_status: pair.green.status ?? null,
      blue_latency_ms: Math.round(pair.blue.latencyMs * 1000) / 1000,
      green_latency_ms: Math.round(pair.green.latencyMs * 1000) / 1000,
      detail: detail.slice(0, 200),
    });
    if (this.samples.length > this.limits.mismatchSamples) this.samples.shift();
  }

  /** Starts a new window; mirrors still in flight from the old one are not judged. */
  reset(green: string | null = this.green): void {
    this.generation += 1;
    this.green = green;
    this.startedAt = Date.now();
    this.mirrored = 0;
    this.skipped = this.noSkips();
    this.counts = {
      samples: 0,
      blueFailed: 0,
      greenErrors: 0,
      status: 0,
      compared: 0,
      body: 0,
      uncomparable: 0,
    };
    this.blueLatency.reset();
    this.greenLatency.reset();
    this.samples = [];
  }

  get currentGreen(): string | null {
    return this.green;
  }

  report(): CompareReport {
    const c = this.counts;
    const answered = c.samples - c.greenErrors;
    const blue = this.blueLatency.summary();
    const green = this.greenLatency.summary();
    const ratio =
      blue.p95_ms !== null && green.p95_ms !== null && blue.p95_ms > 0 ? green.p95_ms / blue.p95_ms : null;
    return {
      green: this.green,
      window_started_at: new Date(this.startedAt).toISOString(),
      mirrored: this.mirrored,
      in_flight: this.inFlight,
      skipped: { ...this.skipped },
      samples: c.samples,
      blue_failed: c.blueFailed,
      green_errors: c.greenErrors,
      status_mismatches: c.status,
      body_compared: c.compared,
      body_mismatches: c.body,
      uncomparable: c.uncomparable,
      mismatch_rate: answered > 0 ? (c.status + c.body) / answered : null,
      green_error_rate: c.samples > 0 ? c.greenErrors / c.samples : null,
      latency: { blue, green, p95_ratio: ratio === null ? null : Math.round(ratio * 1000) / 1000 },
      mismatch_samples: [...this.samples],
    };
  }
}
