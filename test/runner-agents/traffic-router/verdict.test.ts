import {
  burnVerdict,
  shadowVerdict,
  type CompareReport,
  type UpstreamStatsSnapshot,
} from '../../../runner-agents/linux/traffic-router';

const GATE = { minSamples: 50, maxP95Ratio: 1.2, maxMismatchRate: 0.01, maxErrorRate: 0.01 };
const latency = (count: number, p95: number | null) => ({
  count,
  p50_ms: p95,
  p95_ms: p95,
  p99_ms: p95,
  max_ms: p95,
  mean_ms: p95,
});

function report(over: Partial<CompareReport> = {}): CompareReport {
  return {
    green: 'http://127.0.0.1:9002',
    window_started_at: new Date().toISOString(),
    mirrored: 100,
    in_flight: 0,
    skipped: { unsafe: 0, sampled_out: 0, busy: 0, body_too_large: 0, client_aborted: 0 },
    samples: 100,
    blue_failed: 0,
    green_errors: 0,
    status_mismatches: 0,
    body_compared: 100,
    body_mismatches: 0,
    uncomparable: 0,
    mismatch_rate: 0,
    green_error_rate: 0,
    latency: { blue: latency(100, 20), green: latency(100, 22), p95_ratio: 1.1 },
    mismatch_samples: [],
    ...over,
  };
}

function stats(over: Partial<UpstreamStatsSnapshot> = {}): UpstreamStatsSnapshot {
  return {
    window_started_at: new Date().toISOString(),
    window_s: 30,
    requests: 200,
    status_5xx: 0,
    injected_5xx: 0,
    conn_errors: 0,
    client_aborts: 0,
    error_rate: 0,
    api_p95_ms: 80,
    latency: latency(200, 80),
    ...over,
  };
}

describe('shadowVerdict: missing data never passes', () => {
  it('passes a clean, well-sampled compare', () => {
    expect(shadowVerdict(report(), GATE)).toMatchObject({ verdict: 'pass' });
  });

  it.each<[string, CompareReport | undefined | null]>([
    ['no report', undefined],
    ['null report', null],
    [
      'an empty window (Kayenta passed these)',
      report({
        samples: 0,
        mirrored: 0,
        body_compared: 0,
        latency: { blue: latency(0, null), green: latency(0, null), p95_ratio: null },
      }),
    ],
    ['too few samples, all clean', report({ samples: 49, body_compared: 49 })],
    ['no green under comparison', report({ green: null })],
    [
      'counts missing (a half-written report)',
      { ...report(), samples: undefined } as unknown as CompareReport,
    ],
    ['NaN counts', report({ samples: NaN })],
    [
      'no latency figures',
      report({ latency: { blue: latency(100, null), green: latency(100, null), p95_ratio: null } }),
    ],
    ['bodies uncomparable (over the cap)', report({ body_compared: 3, uncomparable: 97 })],
    [
      'green answered too few (errors within budget, answered < minSamples)',
      report({ samples: 50, green_errors: 1, body_compared: 49 }),
    ],
  ])('%s → inconclusive', (_name, r) => {
    const v = shadowVerdict(r, { ...GATE, maxErrorRate: 0.05 });
    expect(v.verdict).toBe('inconclusive');
    expect(v.reasons.length).toBeGreaterThan(0);
  });

  it('fails on each regression: errors, mismatches, latency', () => {
    expect(shadowVerdict(report({ green_errors: 5 }), GATE).reasons.join()).toMatch(/green error rate/);
    expect(shadowVerdict(report({ status_mismatches: 2 }), GATE).verdict).toBe('fail');
    expect(shadowVerdict(report({ body_mismatches: 2 }), GATE).verdict).toBe('fail');
    const slow = report({ latency: { blue: latency(100, 20), green: latency(100, 40), p95_ratio: 2 } });
    expect(shadowVerdict(slow, GATE).verdict).toBe('fail');
  });

  it('a latency ratio within the slack (noise at sub-millisecond scale) is not a regression', () => {
    const tiny = report({ latency: { blue: latency(100, 0.4), green: latency(100, 0.9), p95_ratio: 2.25 } });
    expect(shadowVerdict(tiny, GATE).verdict).toBe('pass');
    expect(shadowVerdict(tiny, { ...GATE, p95SlackMs: 0 }).verdict).toBe('fail');
  });

  it('calls a failure early only when it is already certain at minSamples', () => {
    // 5 green errors in 10 samples: even 40 clean ones would leave 10 % > 1 %
    expect(shadowVerdict(report({ samples: 10, green_errors: 5 }), GATE).verdict).toBe('fail');
    // 0 errors and 1 mismatch in 10: 1/50 = 2 % > 1 % → already certain
    expect(shadowVerdict(report({ samples: 10, body_mismatches: 1 }), GATE).verdict).toBe('fail');
    // with a 5 % budget, 1 mismatch in 10 could still pass → inconclusive, not fail
    expect(
      shadowVerdict(report({ samples: 10, body_mismatches: 1 }), { ...GATE, maxMismatchRate: 0.05 }).verdict,
    ).toBe('inconclusive');
  });

  it('refuses a gate that could pass an empty window', () => {
    expect(() => shadowVerdict(report(), { ...GATE, minSamples: 0 })).toThrow(
      expect.objectContaining({ code: 'ROUTER_CONFIG_INVALID', details: { field: 'minSamples' } }),
    );
    expect(() => shadowVerdict(report(), { ...GATE, maxP95Ratio: NaN })).toThrow(
      expect.objectContaining({ details: { field: 'maxP95Ratio' } }),
    );
  });
});

describe('burnVerdict: the post-promotion SLO watch', () => {
  const SLO = { error_rate: 0.01, api_p95_ms: 250 };

  it('passes within the SLO, fails over it', () => {
    expect(burnVerdict(stats(), SLO, { minSamples: 100 }).verdict).toBe('pass');
    expect(burnVerdict(stats({ status_5xx: 3 }), SLO, { minSamples: 100 }).reasons.join()).toMatch(
      /error rate 1\.50 %/,
    );
    expect(burnVerdict(stats({ conn_errors: 3 }), SLO, { minSamples: 100 }).verdict).toBe('fail');
    expect(burnVerdict(stats({ api_p95_ms: 300 }), SLO, { minSamples: 100 }).verdict).toBe('fail');
  });

  it.each<[string, UpstreamStatsSnapshot | undefined, object]>([
    ['no stats (router restarted, or never read)', undefined, SLO],
    [
      'an empty window (Argo counted a terminated metric as success)',
      stats({ requests: 0, error_rate: null, api_p95_ms: null }),
      SLO,
    ],
    ['too few requests', stats({ requests: 99 }), SLO],
    ['no latency figure', stats({ api_p95_ms: null }), SLO],
    ['an SLO with no objective', stats(), {}],
  ])('%s → inconclusive', (_name, s, slo) => {
    expect(burnVerdict(s, slo, { minSamples: 100 }).verdict).toBe('inconclusive');
  });

  it('a burn that is already certain fails before minSamples (fast rollback)', () => {
    expect(burnVerdict(stats({ requests: 10, status_5xx: 2 }), SLO, { minSamples: 100 }).verdict).toBe(
      'fail',
    );
    expect(burnVerdict(stats({ requests: 10, status_5xx: 1 }), SLO, { minSamples: 100 }).verdict).toBe(
      'inconclusive',
    );
  });
});
