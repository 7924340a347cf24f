/** The router's shadow settings (see traffic-router ShadowConfig): what is mirrored and how it is compared. */
export interface ShadowSettings {
  sample?: number;
  methods?: string[];
  paths?: string[];
  ignore_fields?: string[];
  body?: 'json' | 'exact';
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
  /** The router's current settings (verify restores the mirroring sample it paused). */
  state(): Promise<{ shadow: { sample: number } }>;
  /** Blue serves 100 %, green cleared, no mirroring. */
  abort(): Promise<unknown>;
}
