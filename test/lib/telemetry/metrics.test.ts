import { register as globalRegistry } from 'prom-client';
import { createMetrics } from '../../../lib/telemetry';

const NAMES = [
  'hale_remediations_started_total',
  'hale_remediation_stage_total',
  'hale_http_requests_total',
  'hale_http_request_duration_seconds',
  'avn_anomalies_total',
  'deploy_promotions_total',
  'deploy_rollbacks_total',
  'trust_score',
  'rca_confidence',
  'l1_accept_ratio',
];

describe('createMetrics', () => {
  it('exposes Hale metrics and process metrics', async () => {
    const m = createMetrics();
    m.remediationsStarted.inc();
    m.rcaConfidence.observe(0.8);
    m.trustScore.set({ component: 'l1.reviewer' }, 0.7);
    const text = await m.registry.metrics();
    for (const name of NAMES) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toContain('rca_confidence_bucket{le="0.8"} 1');
    expect(text).toContain('trust_score{component="l1.reviewer"} 0.7');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('gives each call an independent registry, never the global one', async () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false, defaultLabels: { service: 'b' } });
    a.httpRequests.inc({ method: 'GET', route: '/x', status: '200' }, 3);
    a.stageTotal.inc({ stage: 'rca', status: 'ok' });
    expect(await a.registry.getSingleMetricAsString('hale_http_requests_total')).toContain(
      'hale_http_requests_total{method="GET",route="/x",status="200"} 3',
    );
    expect(await b.registry.getSingleMetricAsString('hale_http_requests_total')).not.toContain('route="/x"');
    b.deployRollbacks.inc({ service: 'api', reason: 'slo_burn' });
    expect(await b.registry.metrics()).toContain('deploy_rollbacks_total{service="api",reason="slo_burn"} 1');
    expect(await a.registry.metrics()).not.toContain('process_cpu_user_seconds_total');
    expect(globalRegistry.getSingleMetric('hale_http_requests_total')).toBeUndefined();
  });

  it('times HTTP requests in seconds', async () => {
    const m = createMetrics({ processMetrics: false });
    m.httpDuration.observe({ method: 'POST', route: '/remediations', status: '202' }, 0.042);
    const text = await m.registry.getSingleMetricAsString('hale_http_request_duration_seconds');
    expect(text).toContain(
      'hale_http_request_duration_seconds_bucket{le="0.05",method="POST",route="/remediations",status="202"} 1',
    );
  });
});
