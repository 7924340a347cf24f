import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { freePort } from '../../../lib/net';
import { scrapePrometheus } from '../../../runner-agents/linux/metrics';

describe('scrapePrometheus against a real HTTP endpoint', () => {
  const registry = new Registry();
  const latency = new Histogram({
    name: 'svc_request_duration_seconds',
    help: 'latency',
    labelNames: ['route'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const requests = new Counter({ name: 'svc_requests_total', help: 'all', registers: [registry] });
  const failures = new Counter({ name: 'svc_request_errors_total', help: 'errors', registers: [registry] });
  const lag = new Gauge({ name: 'svc_queue_lag_seconds', help: 'lag', registers: [registry] });
  const dlq = new Gauge({ name: 'svc_dlq_depth', help: 'dlq', labelNames: ['queue'], registers: [registry] });
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    // 100 observations: 40 at 30 ms, 40 at 80 ms, 15 at 200 ms, 5 at 700 ms, split over two routes.
    const values = [
      ...Array<number>(40).fill(0.03),
      ...Array<number>(40).fill(0.08),
      ...Array<number>(15).fill(0.2),
      ...Array<number>(5).fill(0.7),
    ];
    values.forEach((v, i) => latency.observe({ route: i % 2 === 0 ? '/a' : '/b' }, v));
    requests.inc(200);
    failures.inc(5);
    lag.set(12);
    dlq.set({ queue: 'orders' }, 3);
    dlq.set({ queue: 'mail' }, 4);
    server = http.createServer((_req, res) => {
      void registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  });

  it('computes api_p95_ms, error_rate, queue_lag and dlq_depth', async () => {
    const m = await scrapePrometheus(url, {
      latency: { histogram: 'svc_request_duration_seconds' },
      errorRate: { errors: 'svc_request_errors_total', total: 'svc_requests_total' },
      queueLag: 'svc_queue_lag_seconds',
      dlqDepth: 'svc_dlq_depth',
    });
    // cumulative: ≤0.05:40, ≤0.1:80, ≤0.25:95 → rank 95 in (0.1, 0.25]: 0.1 + 0.15 × (95−80)/15 = 250 ms
    expect(m.api_p95_ms).toBeCloseTo(250, 9);
    expect(m.error_rate).toBeCloseTo(5 / 200, 12);
    expect(m.queue_lag).toBe(12);
    expect(m.dlq_depth).toBe(7);
  });

  it('interpolates inside the bucket for one route and another quantile', async () => {
    // route /a got 20 × 30 ms, 20 × 80 ms, 8 × 200 ms (i even among 80..94), 2 × 700 ms → 50 in all.
    const m = await scrapePrometheus(url, {
      latency: { histogram: 'svc_request_duration_seconds', labels: { route: '/a' }, quantile: 0.9 },
    });
    // rank 45: buckets ≤0.05:20, ≤0.1:40, ≤0.25:48 → inside (0.1, 0.25]: 0.1 + 0.15 × (45−40)/8
    expect(m.api_p95_ms).toBeCloseTo((0.1 + (0.15 * 5) / 8) * 1000, 9);
  });

  it('refuses non-loopback URLs and reports an unreachable endpoint', async () => {
    await expect(scrapePrometheus('http://10.1.2.3:9100/metrics', {})).rejects.toMatchObject({
      code: 'PROMETHEUS_URL_NOT_LOOPBACK',
    });
    await expect(scrapePrometheus('file:///etc/passwd', {})).rejects.toMatchObject({
      code: 'PROMETHEUS_URL_NOT_LOOPBACK',
    });
    const port = await freePort(); // nothing listens there
    await expect(scrapePrometheus(`http://127.0.0.1:${port}/metrics`, {})).rejects.toMatchObject({
      code: 'PROMETHEUS_SCRAPE_FAILED',
    });
  });
});
