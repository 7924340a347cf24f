import { LoadError } from './errors';
import { percentile } from './percentile';

export interface LoadOptions {
  /** Target URL: loopback only (127.0.0.0/8, ::1, localhost) — load never leaves this machine. */
  url: string;
  /** Exactly this many requests are sent (bounded), by `concurrency` workers. */
  requests: number;
  concurrency?: number;
  method?: 'GET' | 'HEAD';
  /**
   * Paths taken in turn (request i goes to `paths[i % n]` on the URL's origin); without them every
   * request goes to `url` itself. Each must start with one `/` (no scheme, no other host).
   */
  paths?: string[];
  /** Per-request timeout (counted as an error). */
  timeoutMs?: number;
  /** Stop early after this long, whatever is left (bounded in time too). */
  maxDurationMs?: number;
}

export interface LoadStats {
  url: string;
  sent: number;
  ok: number;
  /** 5xx answers, connection errors and timeouts. */
  errors: number;
  error_rate: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  duration_ms: number;
  statuses: Record<string, number>;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/;

function checkTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LoadError('LOAD_INPUT_INVALID', `url ${JSON.stringify(raw)} is not a URL`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK.test(url.hostname)) {
    throw new LoadError(
      'LOAD_TARGET_NOT_LOOPBACK',
      `load may only target http://127.x / [::1] / localhost, not ${url.host}`,
    );
  }
  return url;
}

function targetsOf(url: URL, paths: string[] | undefined): URL[] {
  if (paths === undefined) return [url];
  if (paths.length === 0) throw new LoadError('LOAD_INPUT_INVALID', 'paths must not be empty');
  return paths.map((p) => {
    const target = new URL(p, url);
    if (!/^\/(?!\/)/.test(p) || target.origin !== url.origin) {
      throw new LoadError('LOAD_INPUT_INVALID', `path ${JSON.stringify(p)} must start with a single /`);
    }
    return target;
  });
}

/**
 * A short generated load against a service on this machine (the L2 performance budget and the
 * chaos probes): a fixed number of requests, a fixed concurrency, a time bound. Latency is measured
 * to the end of the body; 5xx, connection errors and timeouts count as errors.
 */
export async function generateLoad(opts: LoadOptions): Promise<LoadStats> {
  const url = checkTarget(opts.url);
  if (!Number.isInteger(opts.requests) || opts.requests < 1 || opts.requests > 100_000) {
    throw new LoadError(
      'LOAD_INPUT_INVALID',
      `requests must be an integer in 1..100000, got ${opts.requests}`,
    );
  }
  const targets = targetsOf(url, opts.paths);
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? 4, 64));
  const started = Date.now();
  const deadline = started + (opts.maxDurationMs ?? 60_000);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let errors = 0;
  const one = async (i: number) => {
    const t = performance.now();
    try {
      const res = await fetch(targets[i % targets.length] as URL, {
        method: opts.method ?? 'GET',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      });
      await res.arrayBuffer();
      statuses[String(res.status)] = (statuses[String(res.status)] ?? 0) + 1;
      if (res.status >= 500) errors++;
      else latencies.push(performance.now() - t);
    } catch (err) {
      const kind = (err as Error).name === 'TimeoutError' ? 'timeout' : 'connection_error';
      statuses[kind] = (statuses[kind] ?? 0) + 1;
      errors++;
    }
  };
  const worker = async () => {
    while (next < opts.requests && Date.now() < deadline) {
      await one(next++);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const sent = latencies.length + errors;
  const round = (v: number | undefined) => (v === undefined ? null : Math.round(v * 100) / 100);
  return {
    url: url.toString(),
    sent,
    ok: latencies.length,
    errors,
    error_rate: sent === 0 ? 0 : errors / sent,
    p50_ms: round(percentile(latencies, 0.5)),
    p95_ms: round(percentile(latencies, 0.95)),
    p99_ms: round(percentile(latencies, 0.99)),
    duration_ms: Date.now() - started,
    statuses,
  };
}
