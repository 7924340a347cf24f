import { HaleError } from '../../../lib/errors';

/**
 * Codes of the Linux metrics collectors. Tests assert the code, never the message.
 * - METRICS_PARSE_FAILED: a /proc file or an exposition text is not in the expected format;
 *   `details.source` names it.
 * - METRICS_OPTION_INVALID: an option is out of range; `details.field` names it.
 * - PROMETHEUS_URL_NOT_LOOPBACK: the scrape URL is not on the loopback interface.
 * - PROMETHEUS_SCRAPE_FAILED: the endpoint could not be fetched or answered non-2xx.
 */
export type MetricsErrorCode =
  | 'METRICS_PARSE_FAILED'
  | 'METRICS_OPTION_INVALID'
  | 'PROMETHEUS_URL_NOT_LOOPBACK'
  | 'PROMETHEUS_SCRAPE_FAILED';

export class MetricsError extends HaleError<MetricsErrorCode> {}

export function parseError(source: string, message: string): MetricsError {
  return new MetricsError('METRICS_PARSE_FAILED', `${source}: ${message}`, { details: { source } });
}

export function optionError(field: string, message: string): MetricsError {
  return new MetricsError('METRICS_OPTION_INVALID', `${field}: ${message}`, { details: { field } });
}
