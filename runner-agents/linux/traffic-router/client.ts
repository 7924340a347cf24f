import http from 'node:http';
import type { CompareReport } from './compare';
import { RouterError } from './errors';
import type { FaultRequest } from './faults';
import type { UpstreamName } from './route-state';
import type { RouterStateView } from './router-core';
import type { ShadowConfig } from './shadow-config';
import type { TrafficStatsSnapshot } from './stats';

export interface RouterClientOptions {
  /** Per call (default 5 s): a wedged router never blocks the runner. */
  timeoutMs?: number;
}

/**
 * The runner's handle on a traffic router: HTTP over its Unix socket. Failures are RouterError:
 * ROUTER_UNREACHABLE (no socket, nobody listening), ROUTER_TIMEOUT, ROUTER_REJECTED (the router's
 * error code, status and field in `details`).
 */
export class RouterClient {
  private readonly timeoutMs: number;

  constructor(
    readonly socketPath: string,
    opts: RouterClientOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 5000;
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = http.request({
        socketPath: this.socketPath,
        method,
        path,
        headers:
          payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        agent: false,
      });
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(
          new RouterError('ROUTER_TIMEOUT', `${method} ${path}: no answer in ${this.timeoutMs} ms`),
        ),
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof RouterError) reject(err);
        else {
          reject(
            new RouterError(
              'ROUTER_UNREACHABLE',
              `router socket ${this.socketPath}: ${err.code ?? err.message}`,
              {
                cause: err,
                details: { socketPath: this.socketPath, errno: err.code },
              },
            ),
          );
        }
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) =>
          reject(new RouterError('ROUTER_UNREACHABLE', `${method} ${path}: ${err.message}`, { cause: err })),
        );
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch (err) {
            reject(
              new RouterError('ROUTER_REJECTED', `${method} ${path}: answer is not JSON`, { cause: err }),
            );
            return;
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            resolve(json as T);
            return;
          }
          const error = (json as { error?: { code?: string; message?: string; field?: string } }).error ?? {};
          reject(
            new RouterError(
              'ROUTER_REJECTED',
              `${method} ${path}: ${status} ${error.code ?? ''} ${error.message ?? ''}`.trim(),
              {
                details: { status, code: error.code, field: error.field },
              },
            ),
          );
        });
      });
      req.end(payload);
    });
  }

  state(): Promise<RouterStateView> {
    return this.call('GET', '/state');
  }

  stats(): Promise<TrafficStatsSnapshot> {
    return this.call('GET', '/stats');
  }

  compare(): Promise<CompareReport> {
    return this.call('GET', '/compare');
  }

  /** The atomic switch; answers the state after it. */
  setActive(upstream: UpstreamName): Promise<RouterStateView> {
    return this.call('PUT', '/active', { upstream });
  }

  setUpstreams(upstreams: { blue?: string; green?: string | null }): Promise<RouterStateView> {
    return this.call('PUT', '/upstreams', upstreams);
  }

  /** Partial update: absent fields keep their value. */
  setShadow(shadow: Partial<ShadowConfig>): Promise<RouterStateView> {
    return this.call('PUT', '/shadow', shadow);
  }

  /** Zero latency and error rate clear the upstream's fault. */
  setFault(
    fault: { upstream: UpstreamName } & Partial<Omit<FaultRequest, 'upstream'>>,
  ): Promise<RouterStateView> {
    return this.call('PUT', '/faults', fault);
  }

  resetStats(): Promise<RouterStateView> {
    return this.call('POST', '/stats/reset');
  }

  /** Blue serves 100 %, green is cleared and no longer mirrored to; answers the state after it. */
  abort(): Promise<RouterStateView> {
    return this.call('POST', '/abort');
  }

  /** Polls /state until the router answers (after a start or restart). */
  async waitReady(timeoutMs = 10000): Promise<RouterStateView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await this.state();
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
}
