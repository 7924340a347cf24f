import type { RunnerMetrics } from '../../api';
import { MetricsError } from './errors';
import { histogramBuckets, histogramQuantile } from './prom-histogram';
import type { PromExposition, PromSelector } from './prom-text';
import { parsePrometheusText, sumOf } from './prom-text';

/** Which of the service's own metrics feed the normalised keys. Every part is optional. */
export interface PrometheusMapping {
  /** Latency histogram for `api_p95_ms`. */
  latency?: {
    histogram: string;
    labels?: Record<string, string>;
    /** Unit of the bucket bounds; default `seconds` when the name ends in `_seconds`, else `milliseconds`. */
    unit?: 'seconds' | 'milliseconds';
    /** Default 0.95. */
    quantile?: number;
  };
  /** `error_rate` = errors / total (two counters, summed over matching series; cumulative since start). */
  errorRate?: { errors: PromSelector; total: PromSelector };
  /** Gauge for `queue_lag` (in the service's own unit). */
  queueLag?: PromSelector;
  /** Gauge for `dlq_depth` (messages). */
  dlqDepth?: PromSelector;
}

/** The normalised keys from an already parsed exposition; a key is absent when its metric is. */
export function mapExposition(exp: PromExposition, mapping: PrometheusMapping): RunnerMetrics {
  const out: RunnerMetrics = {};
  if (mapping.latency) {
    const { histogram, labels, quantile } = mapping.latency;
    const unit = mapping.latency.unit ?? (histogram.endsWith('_seconds') ? 'seconds' : 'milliseconds');
    const q = histogramQuantile(quantile ?? 0.95, histogramBuckets(exp, histogram, labels));
    if (q !== undefined) out.api_p95_ms = unit === 'seconds' ? q * 1000 : q;
  }
  if (mapping.errorRate) {
    const errors = sumOf(exp, mapping.errorRate.errors);
    const total = sumOf(exp, mapping.errorRate.total);
    if (total !== undefined) out.error_rate = total > 0 ? (errors ?? 0) / total : 0;
  }
  if (mapping.queueLag) {
    const v = sumOf(exp, mapping.queueLag);
    if (v !== undefined) out.queue_lag = v;
  }
  if (mapping.dlqDepth) {
    const v = sumOf(exp, mapping.dlqDepth);
    if (v !== undefined) out.dlq_depth = v;
  }
  return out;
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Fetches the service's own Prometheus endpoint (loopback only: runners accept no inbound
 * connections and scrape nothing remote) and maps it with `mapping`.
 */
export async function scrapePrometheus(
  url: string,
  mapping: PrometheusMapping,
  opts: { timeoutMs?: number } = {},
): Promise<RunnerMetrics> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new MetricsError('PROMETHEUS_URL_NOT_LOOPBACK', `not a URL: ${url}`, { cause: err });
  }
  if (!/^https?:$/.test(parsed.protocol) || !isLoopback(parsed.hostname)) {
    throw new MetricsError('PROMETHEUS_URL_NOT_LOOPBACK', `${url} is not an http(s) loopback URL`, {
      details: { url },
    });
  }
  let text: string;
  try {
    const res = await fetch(parsed, {
      headers: { accept: 'text/plain;version=0.0.4' },
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await res.text();
  } catch (err) {
    throw new MetricsError('PROMETHEUS_SCRAPE_FAILED', `scrape of ${url} failed`, {
      cause: err,
      details: { url },
    });
  }
  return mapExposition(parsePrometheusText(text), mapping);
}
