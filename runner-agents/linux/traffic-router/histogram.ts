/**
 * A latency histogram with fixed log-spaced buckets (8 per doubling from 0.05 ms, ~9 % relative
 * error), so memory stays constant whatever the traffic. Quantiles answer the upper edge of the bucket
 * holding the rank, clamped to the largest value seen; `null` when nothing was recorded.
 */
const BASE_MS = 0.05;
const PER_DOUBLING = 8;
/** 0.05 ms · 2^(22) ≈ 210 s: anything slower lands in the last bucket. */
const BUCKETS = 22 * PER_DOUBLING + 1;

export interface LatencySummary {
  count: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  mean_ms: number | null;
}

function bucketOf(ms: number): number {
  if (!(ms > BASE_MS)) return 0;
  const i = Math.ceil(Math.log2(ms / BASE_MS) * PER_DOUBLING);
  return Math.min(i, BUCKETS - 1);
}

function upperEdge(bucket: number): number {
  return BASE_MS * 2 ** (bucket / PER_DOUBLING);
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export class LatencyHistogram {
  private counts = new Uint32Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private max = 0;

  record(ms: number): void {
    const value = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const bucket = bucketOf(value);
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.total += 1;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  get count(): number {
    return this.total;
  }

  /** The q-quantile (0 < q ≤ 1) in milliseconds, or null when empty. */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      // the last bucket is open-ended: its only honest bound is the largest value seen
      if (seen >= rank) return round(i === BUCKETS - 1 ? this.max : Math.min(upperEdge(i), this.max));
    }
    return round(this.max);
  }

  summary(): LatencySummary {
    const empty = this.total === 0;
    return {
      count: this.total,
      p50_ms: this.quantile(0.5),
      p95_ms: this.quantile(0.95),
      p99_ms: this.quantile(0.99),
      max_ms: empty ? null : round(this.max),
      mean_ms: empty ? null : round(this.sum / this.total),
    };
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
    this.max = 0;
  }
}
