/**
 * Hale's Prometheus metrics, on a per-process registry (never prom-client's global one, so two
 * servers or two tests in one process never collide). Metric and label names are a contract with
 * dashboards and alerts: add, do not rename.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface CreateMetricsOptions {
  /** Labels added to every series (e.g. `{ service: 'hale-api' }`). */
  defaultLabels?: Record<string, string>;
  /** Collect Node process metrics (CPU, memory, event loop, GC); default true. */
  processMetrics?: boolean;
}

export interface HaleMetrics {
  registry: Registry;
  /** `hale_remediations_started_total{outcome}`; `outcome` is optional. */
  remediationsStarted: Counter<'outcome'>;
  /** `hale_remediation_stage_total{stage,status}`. */
  stageTotal: Counter<'stage' | 'status'>;
  /** `hale_http_requests_total{method,route,status}`. */
  httpRequests: Counter<'method' | 'route' | 'status'>;
  /** `hale_http_request_duration_seconds{method,route,status}`. */
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** `avn_anomalies_total{service,signal}`: SLO anomalies detected (signal: api_p95_ms, error_rate, …). */
  avnAnomalies: Counter<'service' | 'signal'>;
  /** `deploy_promotions_total{service}`. */
  deployPromotions: Counter<'service'>;
  /** `deploy_rollbacks_total{service,reason}`. */
  deployRollbacks: Counter<'service' | 'reason'>;
  /** `trust_score{component}`: current trust weight of a component, 0..1. */
  trustScore: Gauge<'component'>;
  /** `rca_confidence` histogram (exposed as `rca_confidence_bucket` …): confidence of the top hypothesis. */
  rcaConfidence: Histogram<never>;
  /** `l1_accept_ratio`: share of L1 votes that accepted, 0..1. */
  l1AcceptRatio: Gauge<never>;
}

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const RATIO_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** Builds a fresh registry with process metrics and all of Hale's metrics registered. */
export function createMetrics(opts: CreateMetricsOptions = {}): HaleMetrics {
  const registry = new Registry();
  if (opts.defaultLabels) registry.setDefaultLabels(opts.defaultLabels);
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    remediationsStarted: new Counter({
      name: 'hale_remediations_started_total',
      help: 'Remediation workflows started, by outcome when known',
      labelNames: ['outcome'] as const,
      registers,
    }),
    stageTotal: new Counter({
      name: 'hale_remediation_stage_total',
      help: 'Remediation pipeline stages run, by stage and status',
      labelNames: ['stage', 'status'] as const,
      registers,
    }),
    httpRequests: new Counter({
      name: 'hale_http_requests_total',
      help: 'HTTP requests served by the Hale API',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'hale_http_request_duration_seconds',
      help: 'HTTP request duration in seconds',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: HTTP_BUCKETS,
      registers,
    }),
    avnAnomalies: new Counter({
      name: 'avn_anomalies_total',
      help: 'SLO anomalies detected, by service and signal',
      labelNames: ['service', 'signal'] as const,
      registers,
    }),
    deployPromotions: new Counter({
      name: 'deploy_promotions_total',
      help: 'Blue/green deployments promoted',
      labelNames: ['service'] as const,
      registers,
    }),
    deployRollbacks: new Counter({
      name: 'deploy_rollbacks_total',
      help: 'Deployments rolled back, by reason',
      labelNames: ['service', 'reason'] as const,
      registers,
    }),
    trustScore: new Gauge({
      name: 'trust_score',
      help: 'Trust weight of a component (0..1)',
      labelNames: ['component'] as const,
      registers,
    }),
    rcaConfidence: new Histogram({
      name: 'rca_confidence',
      help: 'Calibrated confidence of the top RCA hypothesis (0..1)',
      buckets: RATIO_BUCKETS,
      registers,
    }),
    l1AcceptRatio: new Gauge({
      name: 'l1_accept_ratio',
      help: 'Share of L1 consensus votes that accepted (0..1)',
      registers,
    }),
  };
}
