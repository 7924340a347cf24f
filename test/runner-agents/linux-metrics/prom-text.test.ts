import {
  histogramBuckets,
  histogramQuantile,
  mapExposition,
  parsePrometheusText,
} from '../../../runner-agents/linux/metrics';

const TEXT = `# HELP http_request_duration_seconds Request latency.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.1",route="/a"} 50
http_request_duration_seconds_bucket{le="0.5",route="/a"} 90
http_request_duration_seconds_bucket{le="+Inf",route="/a"} 100
http_request_duration_seconds_sum{route="/a"} 17.5
http_request_duration_seconds_count{route="/a"} 100
# a free comment
jobs_total{status="ok"} 90
jobs_total{status="failed"} 10 1700000000000
queue_lag_seconds 3.5
odd{msg="say \\"hi\\"\\nback\\\\slash",x="a,b}"} NaN
`;

describe('exposition parser', () => {
  const exp = parsePrometheusText(TEXT);

  it('reads types, help, labels with escapes, special values and timestamps', () => {
    expect(exp.types['http_request_duration_seconds']).toBe('histogram');
    expect(exp.help['http_request_duration_seconds']).toBe('Request latency.');
    const odd = exp.samples.find((s) => s.name === 'odd');
    expect(odd?.labels).toEqual({ msg: 'say "hi"\nback\\slash', x: 'a,b}' });
    expect(odd?.value).toBeNaN();
    expect(exp.samples.find((s) => s.labels['status'] === 'failed')?.timestampMs).toBe(1700000000000);
    expect(exp.samples.find((s) => s.name === 'http_request_duration_seconds_sum')?.value).toBe(17.5);
  });

  it('rejects malformed samples', () => {
    expect(() => parsePrometheusText('x{a="b" 1')).toThrow(
      expect.objectContaining({ code: 'METRICS_PARSE_FAILED' }),
    );
    expect(() => parsePrometheusText('x abc')).toThrow(
      expect.objectContaining({ code: 'METRICS_PARSE_FAILED' }),
    );
  });

  it('computes quantiles by linear interpolation inside the bucket', () => {
    const buckets = histogramBuckets(exp, 'http_request_duration_seconds');
    expect(buckets).toEqual([
      { le: 0.1, count: 50 },
      { le: 0.5, count: 90 },
      { le: Infinity, count: 100 },
    ]);
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1, 12); // rank 50: top of the first bucket
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.05, 12); // first bucket starts at 0
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.1 + 0.4 * (20 / 40), 12);
    expect(histogramQuantile(0.95, buckets)).toBe(0.5); // in +Inf: the highest finite bound
    expect(histogramQuantile(0.5, [{ le: Infinity, count: 0 }])).toBeUndefined();
  });

  it('maps the service metrics to the normalised keys, absent when the metric is', () => {
    const m = mapExposition(exp, {
      latency: { histogram: 'http_request_duration_seconds', quantile: 0.7, labels: { route: '/a' } },
      errorRate: { errors: { metric: 'jobs_total', labels: { status: 'failed' } }, total: 'jobs_total' },
      queueLag: 'queue_lag_seconds',
      dlqDepth: 'dlq_messages',
    });
    expect(m.api_p95_ms).toBeCloseTo(300, 9);
    expect(m.error_rate).toBeCloseTo(0.1, 12);
    expect(m.queue_lag).toBe(3.5);
    expect('dlq_depth' in m).toBe(false);
    expect(mapExposition(exp, { latency: { histogram: 'nope_seconds' } })).toEqual({});
  });
});
