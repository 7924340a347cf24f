import { CompareRecorder } from './compare';
import type { ResolvedRouterConfig } from './config';
import { conflictError } from './errors';
import { Faults, type FaultRequest, type FaultSpec } from './faults';
import { saveRouteState, type RouteState, type UpstreamName } from './route-state';
import { Sampler } from './safe-to-repeat';
import type { ShadowConfig } from './shadow-config';
import { TrafficStats, type TrafficStatsSnapshot } from './stats';
import { UpstreamPool } from './upstream-pool';

/** What `GET /state` answers. */
export interface RouterStateView {
  service: string;
  listen: { host: string; port: number };
  active: UpstreamName;
  upstreams: { blue: string; green: string | null };
  /** Shadow config, and whether it is mirroring right now (blue active, green set, sample > 0). */
  shadow: ShadowConfig & { mirroring: boolean };
  faults: Partial<Record<UpstreamName, FaultSpec>>;
  stats: TrafficStatsSnapshot;
  in_flight: Record<string, number>;
  started_at: string;
  pid: number;
}

export type RouterEvent = { event: 'route_changed'; from: RouteState; to: RouteState; reason: string };

/** Where the router's own log lines go (the process entry wires it to the Hale logger). */
export type RouterLog = (
  level: 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

export interface RouterHooks {
  onEvent?: (e: RouterEvent) => void;
  log?: RouterLog;
}

/**
 * The router's state and the operations on it. Route changes are persisted first and then applied by
 * replacing the `routes` object in one assignment: a request reads `routes` once, on arrival, so it
 * finishes on the upstream it started on, and new requests see the new routes at once.
 */
export class RouterCore {
  private current: RouteState;
  readonly faults = new Faults();
  readonly stats = new TrafficStats();
  readonly compare: CompareRecorder;
  readonly pool = new UpstreamPool();
  readonly sampler = new Sampler();
  private readonly startedAt = new Date().toISOString();
  boundPort: number;

  constructor(
    readonly config: ResolvedRouterConfig,
    initial: RouteState,
    private readonly hooks: RouterHooks = {},
  ) {
    this.current = initial;
    this.boundPort = config.listen.port;
    this.compare = new CompareRecorder(config.limits, initial.upstreams.green);
    this.pool.sync(this.origins(initial));
  }

  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void {
    this.hooks.log?.(level, msg, fields);
  }

  get routes(): RouteState {
    return this.current;
  }

  private origins(state: RouteState): string[] {
    return [state.upstreams.blue, ...(state.upstreams.green === null ? [] : [state.upstreams.green])];
  }

  private apply(next: RouteState, reason: string): RouteState {
    saveRouteState(this.config.stateFile, next);
    const from = this.current;
    this.current = next;
    this.pool.sync(this.origins(next));
    if (from.upstreams.green !== next.upstreams.green) {
      this.compare.reset(next.upstreams.green);
      this.sampler.reset();
    }
    this.hooks.onEvent?.({ event: 'route_changed', from, to: next, reason });
    this.log('info', reason, { active: next.active, blue: next.upstreams.blue, green: next.upstreams.green });
    return next;
  }

  setActive(upstream: UpstreamName): RouteState {
    if (this.current.upstreams[upstream] === null) {
      throw conflictError('upstream', `${upstream} has no upstream URL (PUT /upstreams first)`);
    }
    if (this.current.active === upstream) return this.current;
    return this.apply({ ...this.current, active: upstream }, `switch to ${upstream}`);
  }

  setUpstreams(patch: { blue?: string; green?: string | null }): RouteState {
    const upstreams = { ...this.current.upstreams, ...patch };
    if (upstreams[this.current.active] === null) {
      throw conflictError(
        this.current.active,
        `${this.current.active} is active: switch away before clearing it`,
      );
    }
    if (upstreams.blue === this.current.upstreams.blue && upstreams.green === this.current.upstreams.green) {
      return this.current;
    }
    if (upstreams.green === null) this.faults.clear('green');
    return this.apply({ ...this.current, upstreams }, 'upstreams changed');
  }

  setShadow(shadow: ShadowConfig): RouteState {
    return this.apply({ ...this.current, shadow }, 'shadow changed');
  }

  setFault(request: FaultRequest): void {
    this.faults.set(request);
  }

  /**
   * Abort: blue serves everything, green is cleared (no more mirroring either), green's faults go.
   * One persisted write; never waits for in-flight green requests (they end on their own timeouts).
   */
  abort(): RouteState {
    this.faults.clear('green');
    const next: RouteState = {
      ...this.current,
      active: 'blue',
      upstreams: { ...this.current.upstreams, green: null },
    };
    if (this.current.active === 'blue' && this.current.upstreams.green === null) return this.current;
    return this.apply(next, 'abort');
  }

  /** Starts a new stats window and a new compare window. */
  resetStats(): void {
    this.stats.reset();
    this.compare.reset();
    this.sampler.reset();
  }

  /** Whether a request arriving now may be mirrored at all. */
  mirroring(routes: RouteState = this.current): boolean {
    return routes.active === 'blue' && routes.upstreams.green !== null && routes.shadow.sample > 0;
  }

  view(): RouterStateView {
    const routes = this.current;
    return {
      service: this.config.service,
      listen: { host: this.config.listen.host, port: this.boundPort },
      active: routes.active,
      upstreams: { ...routes.upstreams },
      shadow: { ...routes.shadow, mirroring: this.mirroring(routes) },
      faults: this.faults.snapshot(),
      stats: this.stats.snapshot(),
      in_flight: this.pool.inFlight(),
      started_at: this.startedAt,
      pid: process.pid,
    };
  }
}
