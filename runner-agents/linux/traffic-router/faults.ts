import type { UpstreamName } from './route-state';
import { Sampler } from './safe-to-repeat';
import { integerIn, numberIn, object, oneOf, onlyFields } from './validate';

/** A chaos probe on one upstream: added latency and a share of requests answered 503 by the router. */
export interface FaultSpec {
  latency_ms: number;
  error_rate: number;
}

export interface FaultRequest extends FaultSpec {
  upstream: UpstreamName;
}

/** The `PUT /faults` body; zero latency and zero error rate clear the upstream's fault. */
export function parseFaultRequest(value: unknown): FaultRequest {
  const raw = object(value, '(body)');
  onlyFields(raw, ['upstream', 'latency_ms', 'error_rate']);
  return {
    upstream: oneOf(raw.upstream, 'upstream', ['blue', 'green'] as const),
    latency_ms: raw.latency_ms === undefined ? 0 : integerIn(raw.latency_ms, 'latency_ms', 0, 60000),
    error_rate: raw.error_rate === undefined ? 0 : numberIn(raw.error_rate, 'error_rate', 0, 1),
  };
}

/**
 * Faults per upstream, in memory only: a restarted router comes back without them (a chaos probe
 * must never outlive the process that ran it). Errors are spread evenly (every 4th at 0.25).
 */
export class Faults {
  private readonly specs = new Map<UpstreamName, FaultSpec>();
  private readonly samplers = new Map<UpstreamName, Sampler>();

  set(request: FaultRequest): void {
    const { upstream, latency_ms, error_rate } = request;
    if (latency_ms === 0 && error_rate === 0) this.clear(upstream);
    else {
      this.specs.set(upstream, { latency_ms, error_rate });
      this.samplers.set(upstream, new Sampler());
    }
  }

  clear(upstream: UpstreamName): void {
    this.specs.delete(upstream);
    this.samplers.delete(upstream);
  }

  /** What to do for one request to `upstream`: wait this long, then fail it or not. */
  draw(upstream: UpstreamName): { delayMs: number; fail: boolean } {
    const spec = this.specs.get(upstream);
    if (!spec) return { delayMs: 0, fail: false };
    return { delayMs: spec.latency_ms, fail: this.samplers.get(upstream)?.take(spec.error_rate) ?? false };
  }

  snapshot(): Partial<Record<UpstreamName, FaultSpec>> {
    return Object.fromEntries(this.specs);
  }
}
