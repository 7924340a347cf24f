import { LatencyHistogram } from '../../../runner-agents/linux/traffic-router/histogram';

describe('LatencyHistogram', () => {
  it('answers null while empty', () => {
    expect(new LatencyHistogram().summary()).toEqual({
      count: 0,
      p50_ms: null,
      p95_ms: null,
      p99_ms: null,
      max_ms: null,
      mean_ms: null,
    });
  });

  it('quantiles within ~9 % of the exact value, never above the max', () => {
    const h = new LatencyHistogram();
    const values = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000 ms
    for (const v of values) h.record(v);
    for (const [q, exact] of [
      [0.5, 500],
      [0.95, 950],
      [0.99, 990],
    ] as const) {
      const got = h.quantile(q) as number;
      expect(got).toBeGreaterThanOrEqual(exact);
      expect(got / exact).toBeLessThan(1.095);
    }
    expect(h.summary()).toMatchObject({ count: 1000, max_ms: 1000, mean_ms: 500.5 });
    expect(h.quantile(1)).toBe(1000);
  });

  it('a tail is visible in p99 but not p50; reset empties it', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 98; i++) h.record(2);
    h.record(400);
    h.record(400);
    expect(h.quantile(0.5)).toBeLessThan(2.2);
    expect(h.quantile(0.99)).toBeGreaterThanOrEqual(400);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.quantile(0.5)).toBeNull();
  });

  it('huge and odd values stay bounded (last bucket, zero bucket)', () => {
    const h = new LatencyHistogram();
    h.record(10_000_000);
    h.record(-5);
    h.record(NaN);
    expect(h.count).toBe(3);
    expect(h.quantile(1)).toBe(10_000_000);
    expect(h.quantile(0.5)).toBeLessThanOrEqual(0.05); // the first bucket holds everything up to 0.05 ms
  });
});
