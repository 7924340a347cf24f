/** Linux host and service metrics: /proc and statfs readers, and the service's Prometheus endpoint. */
export { diskIoBytesPerSec, netErrorRate, parseDiskstats, parseNetDev, wholeDisks } from './counters';
export type { DiskCounters, NetCounters } from './counters';
export { MetricsError } from './errors';
export type { MetricsErrorCode } from './errors';
export { clockTicks, collectHostMetrics, collectServiceMetrics, diskUsedFraction } from './host';
export type { HostMetricsOptions } from './host';
export {
  clockTicksFromAuxv,
  memUsedFraction,
  parseLoadavg,
  parseMeminfo,
  parsePidStat,
  parsePressure,
  parseUptime,
} from './proc-parsers';
export type { PressureLine } from './proc-parsers';
export { histogramBuckets, histogramQuantile } from './prom-histogram';
export type { Bucket } from './prom-histogram';
export { mapExposition, scrapePrometheus } from './prom-scrape';
export type { PrometheusMapping } from './prom-scrape';
export { matching, parsePrometheusText, sumOf } from './prom-text';
export type { PromExposition, PromSample, PromSelector } from './prom-text';
