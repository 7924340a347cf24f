import type { LoadStats } from '../../../lib/load';
import { DEFAULT_PERF_BUDGET, perfBudgetFinding, perfBudgetVote } from '../../../lib/l2/perf-budget';

const stats = (ok: number, p95: number | null, errorRate = 0): LoadStats => ({
  url: 'http://127.0.0.1:1/',
  sent: ok,
  ok,
  errors: Math.round(ok * errorRate),
  error_rate: errorRate,
  p50_ms: p95,
  p95_ms: p95,
  p99_ms: p95,
  duration_ms: 1000,
  statuses: {},
});

describe('L2 performance budget', () => {
  it('passes a candidate within the p95 and error budget', () => {
    const f = perfBudgetFinding(stats(200, 2), stats(200, 7.9));
    expect(f.outcome).toBe('pass'); // 2 × 1.5 + 5 = 8 ms
    expect(perfBudgetVote(f).verdict).toBe('accept');
  });

  it('fails a slower or more failing candidate and says by how much', () => {
    const slow = perfBudgetFinding(stats(200, 2), stats(200, 8.1));
    expect(slow.outcome).toBe('fail');
    expect(slow.reasons[0]).toMatch(/p95 8.1 ms > budget 8.00 ms/);
    const failing = perfBudgetFinding(stats(200, 2, 0), stats(200, 2, 0.05));
    expect(failing.outcome).toBe('fail');
    expect(failing.reasons[0]).toMatch(/error rate 0.0500 > budget 0.0100/);
    expect(perfBudgetVote(failing).verdict).toBe('reject');
  });

  it('is inconclusive — and blocks — with too few samples on either side (an empty baseline never passes)', () => {
    for (const [b, c] of [
      [stats(0, null), stats(200, 1)],
      [stats(200, 1), stats(DEFAULT_PERF_BUDGET.minSamples - 1, 1)],
    ] as const) {
      const f = perfBudgetFinding(b, c);
      expect(f.outcome).toBe('inconclusive');
      const v = perfBudgetVote(f);
      expect(v.verdict).toBe('reject');
      expect(v.reasons[0]).toMatch(/inconclusive/);
    }
  });
});
