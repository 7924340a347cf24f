import { parseError } from './errors';
import type { PromExposition } from './prom-text';
import { matching } from './prom-text';

export interface Bucket {
  /** Upper bound (`le`), Infinity for `+Inf`. */
  le: number;
  /** Cumulative count of observations ≤ le. */
  count: number;
}

/**
 * The buckets of histogram `name` (its `name_bucket` series), summed over every series whose labels
 * include `labels`, sorted by bound. Empty when the histogram is absent.
 */
export function histogramBuckets(
  exp: PromExposition,
  name: string,
  labels: Record<string, string> = {},
): Bucket[] {
  const byLe = new Map<number, number>();
  for (const s of matching(exp, `${name}_bucket`, labels)) {
    const raw = s.labels['le'];
    const le = raw === '+Inf' ? Infinity : Number(raw);
    if (raw === undefined || Number.isNaN(le)) throw parseError('exposition', `${name}_bucket without le`);
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  return [...byLe.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/**
 * The q-quantile of cumulative buckets, as Prometheus' `histogram_quantile` computes it: find the
 * bucket holding rank q·total and interpolate linearly inside it (the first bucket starts at 0);
 * a rank in the `+Inf` bucket returns the highest finite bound. Undefined with no observations.
 */
export function histogramQuantile(q: number, buckets: Bucket[]): number | undefined {
  if (!(q >= 0 && q <= 1)) throw parseError('histogram', `quantile ${q} is not within [0, 1]`);
  const last = buckets[buckets.length - 1];
  if (!last || last.le !== Infinity) return undefined;
  const total = last.count;
  if (total <= 0) return undefined;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prevLe;
      const lower = prevLe === 0 && b.le <= 0 ? b.le : prevLe;
      const inBucket = b.count - prevCount;
      return inBucket > 0 ? lower + ((b.le - lower) * (rank - prevCount)) / inBucket : b.le;
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}
