import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { parseRouterConfig, type ResolvedRouterConfig, type RouterConfig } from './config';
import { handleControl } from './control-api';
import { RouterError } from './errors';
import { routerAnswer } from './forward';
import { handleLive } from './proxy';
import { loadRouteState, saveRouteState, type RouteState } from './route-state';
import { RouterCore, type RouterHooks } from './router-core';
import { claimSocketPath } from './socket-file';

export interface RouterHandle {
  readonly config: ResolvedRouterConfig;
  /** The public address, `http://host:port`. */
  readonly url: string;
  readonly port: number;
  readonly socketPath: string;
  /** The live state, for in-process callers and tests; other processes use RouterClient. */
  readonly core: RouterCore;
  /** Stops accepting, lets in-flight requests finish (up to drainMs), closes both listeners. */
  stop(): Promise<void>;
}

function listen(
  server: http.Server,
  target: { host: string; port: number } | string,
  field: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) =>
      reject(
        new RouterError(
          'ROUTER_LISTEN_FAILED',
          `cannot listen on ${JSON.stringify(target)}: ${err.message}`,
          {
            cause: err,
            details: { field },
          },
        ),
      );
    server.once('error', onError);
    const done = () => {
      server.off('error', onError);
      resolve();
    };
    if (typeof target === 'string') server.listen(target, done);
    else server.listen(target.port, target.host, done);
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Upgrades (WebSocket) and CONNECT are not proxied: HTTP/1.1 request/response only. */
function refuseTunnels(server: http.Server): void {
  const refuse = (_req: http.IncomingMessage, socket: Duplex) => {
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 501 Not Implemented\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  };
  server.on('upgrade', refuse);
  server.on('connect', refuse);
}

/**
 * Starts the router in this process: the route state comes from the state file when there is one (a
 * restarted router resumes on the same upstream), else from the config (blue active) and is written
 * at once. Binds the control socket (0600) first, then the public address.
 */
export async function startRouter(config: RouterConfig, hooks: RouterHooks = {}): Promise<RouterHandle> {
  const resolved = parseRouterConfig(config);
  const persisted = loadRouteState(resolved.stateFile);
  const initial: RouteState = persisted ?? {
    active: 'blue',
    upstreams: { ...resolved.upstreams },
    shadow: resolved.shadow,
  };
  if (!persisted) saveRouteState(resolved.stateFile, initial);
  const core = new RouterCore(resolved, initial, hooks);

  let inFlight = 0;
  const idle: Array<() => void> = [];
  const pub = http.createServer((req, res) => {
    inFlight += 1;
    res.on('close', () => {
      inFlight -= 1;
      if (inFlight === 0) idle.splice(0).forEach((f) => f());
    });
    handleLive(core, req, res).catch((err: unknown) => {
      core.log('error', 'proxy failed', { err: String(err) });
      routerAnswer(res, 500, 'ROUTER_INTERNAL', 'router error');
    });
  });
  refuseTunnels(pub);
  const control = http.createServer((req, res) => {
    handleControl(core, req, res).catch((err: unknown) =>
      core.log('error', 'control failed', { err: String(err) }),
    );
  });

  await claimSocketPath(resolved.socketPath);
  await listen(control, resolved.socketPath, 'socketPath');
  fs.chmodSync(resolved.socketPath, 0o600);
  try {
    await listen(pub, resolved.listen, 'listen');
  } catch (err) {
    await close(control);
    throw err;
  }
  const port = (pub.address() as AddressInfo).port;
  core.boundPort = port;
  core.log('info', 'router listening', { port, socket: resolved.socketPath, active: initial.active });

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    const closed = close(pub);
    pub.closeIdleConnections();
    if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, resolved.limits.drainMs);
        idle.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    pub.closeAllConnections();
    await closed;
    control.closeAllConnections();
    await close(control);
    core.pool.destroy();
  };
  return {
    config: resolved,
    url: `http://${resolved.listen.host.includes(':') ? `[${resolved.listen.host}]` : resolved.listen.host}:${port}`,
    port,
    socketPath: resolved.socketPath,
    core,
    stop: () => (stopping ??= stop()),
  };
}
