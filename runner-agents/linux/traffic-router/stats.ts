import { LatencyHistogram, type LatencySummary } from './histogram';
import type { UpstreamName } from './route-state';

/** One finished exchange with an upstream, as the proxy saw it. */
export interface ExchangeOutcome {
  /** The status the client (or the shadow pair) got; undefined when the upstream never answered. */
  status?: number;
  latencyMs: number;
  /** Connection refused or reset, timeout, or a response cut short. */
  connError?: boolean;
  /** The 5xx was injected by a fault, not produced by the upstream. */
  injected?: boolean;
}

/**
 * The figures of one upstream over the current window. `error_rate` and `api_p95_ms` are what the SLO
 * watch reads; both are `null` (not 0) while the window holds no request, so "no data" never looks
 * like "healthy".
 */
export interface UpstreamStatsSnapshot {
  window_started_at: string;
  window_s: number;
  requests: number;
  status_5xx: number;
  injected_5xx: number;
  conn_errors: number;
  /** Clients that left before their answer was complete (not in error_rate: the upstream may be fine). */
  client_aborts: number;
  /** (5xx + connection errors) / requests. */
  error_rate: number | null;
  api_p95_ms: number | null;
  latency: LatencySummary;
}

export class UpstreamStats {
  private startedAt = Date.now();
  private requests = 0;
  private status5xx = 0;
  private injected5xx = 0;
  private connErrors = 0;
  private clientAborts = 0;
  private readonly latency = new LatencyHistogram();

  record(outcome: ExchangeOutcome): void {
    this.requests += 1;
    if (outcome.connError) this.connErrors += 1;
    else if (outcome.status !== undefined && outcome.status >= 500) {
      this.status5xx += 1;
      if (outcome.injected) this.injected5xx += 1;
    }
    this.latency.record(outcome.latencyMs);
  }

  clientAborted(): void {
    this.clientAborts += 1;
  }

  snapshot(now = Date.now()): UpstreamStatsSnapshot {
    const errors = this.status5xx + this.connErrors;
    const latency = this.latency.summary();
    return {
      window_started_at: new Date(this.startedAt).toISOString(),
      window_s: Math.round(now - this.startedAt) / 1000,
      requests: this.requests,
      status_5xx: this.status5xx,
      injected_5xx: this.injected5xx,
      conn_errors: this.connErrors,
      client_aborts: this.clientAborts,
      error_rate: this.requests === 0 ? null : errors / this.requests,
      api_p95_ms: latency.p95_ms,
      latency,
    };
  }

  reset(): void {
    this.startedAt = Date.now();
    this.requests = 0;
    this.status5xx = 0;
    this.injected5xx = 0;
    this.connErrors = 0;
    this.clientAborts = 0;
    this.latency.reset();
  }
}

export interface TrafficStatsSnapshot {
  /** Live traffic: what clients were served by each upstream. */
  upstreams: Record<UpstreamName, UpstreamStatsSnapshot>;
  /** Mirrored requests to green (never seen by clients); the compare report judges them. */
  shadow: UpstreamStatsSnapshot;
}

/** Live stats per upstream plus the shadow traffic, reset together. */
export class TrafficStats {
  readonly live: Record<UpstreamName, UpstreamStats> = {
    blue: new UpstreamStats(),
    green: new UpstreamStats(),
  };
  readonly shadow = new UpstreamStats();

  snapshot(): TrafficStatsSnapshot {
    const now = Date.now();
    return {
      upstreams: { blue: this.live.blue.snapshot(now), green: this.live.green.snapshot(now) },
      shadow: this.shadow.snapshot(now),
    };
  }

  reset(): void {
    this.live.blue.reset();
    this.live.green.reset();
    this.shadow.reset();
  }
}
