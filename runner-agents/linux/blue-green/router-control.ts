/** The router's shadow settings (see traffic-router ShadowConfig): what is mirrored and how it is compared. */
export interface ShadowSettings {
  sample?: number;
  methods?: string[];
  paths?: string[];
  ignore_fields?: string[];
  body?: 'json' | 'exact';
}

/** The part of the router's compare report the fault probe reads. */
export interface RouterCompareCounts {
  in_flight: number;
  samples: number;
  green_errors: number;
  status_mismatches: number;
  body_mismatches: number;
  latency: { green: { p95_ms: number | null } };
}

/**
 * What blue/green needs from the service's traffic router (RouterClient of
 * runner-agents/linux/traffic-router satisfies it): `blue` is the live slot, `green` the
 * candidate; switching `active` is atomic in the router.
 */
export interface RouterControl {
  setUpstreams(upstreams: { blue?: string; green?: string | null }): Promise<unknown>;
  setActive(upstream: 'blue' | 'green'): Promise<unknown>;
  /** Mirroring of safe-to-repeat requests to green (`sample: 0` stops it). */
  setShadow(shadow: ShadowSettings): Promise<unknown>;
  resetStats(): Promise<unknown>;
  /** The router's current settings (verify restores the mirroring sample it paused) and its address. */
  state(): Promise<{ shadow: { sample: number }; listen: { host: string; port: number } }>;
  /** Injected latency / share of 503s on one upstream (zero and zero clear it; in memory only). */
  setFault(fault: { upstream: 'blue' | 'green'; latency_ms?: number; error_rate?: number }): Promise<unknown>;
  /** The shadow comparison since the last reset. */
  compare(): Promise<RouterCompareCounts>;
  /** Blue serves 100 %, green cleared, no mirroring. */
  abort(): Promise<unknown>;
}
