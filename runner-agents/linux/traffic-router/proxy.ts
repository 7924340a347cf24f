import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { BodyCapture } from './body-capture';
import type { ShadowSide } from './compare';
import { SHADOW_HEADER, hasBody, upstreamHeaders } from './headers';
import { forwardLive, routerAnswer, type LiveResult } from './forward';
import { mirrorExchange } from './mirror';
import type { RouteState } from './route-state';
import type { RouterCore } from './router-core';
import { isSafeToRepeat } from './safe-to-repeat';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Decides, on arrival, whether this request is mirrored; returns its compare slot (generation). */
function planMirror(core: RouterCore, routes: RouteState, req: IncomingMessage): number | undefined {
  if (!core.mirroring(routes)) return undefined;
  if (!isSafeToRepeat(req.method ?? '', req.url ?? '/', routes.shadow)) {
    core.compare.skip('unsafe');
    return undefined;
  }
  if (!core.sampler.take(routes.shadow.sample)) {
    core.compare.skip('sampled_out');
    return undefined;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > core.config.limits.bodyCapBytes) {
    core.compare.skip('body_too_large');
    return undefined;
  }
  return core.compare.begin();
}

/** The green half of a mirror: green's faults apply to it too (a chaos probe on green covers shadow). */
async function shadowSide(
  core: RouterCore,
  routes: RouteState,
  req: IncomingMessage,
  body: Buffer,
): Promise<ShadowSide> {
  const green = routes.upstreams.green as string;
  const fault = core.faults.draw('green');
  const started = performance.now();
  if (fault.delayMs > 0) await sleep(fault.delayMs);
  let side: ShadowSide = { status: 503, latencyMs: 0 };
  if (!fault.fail) {
    const lease = core.pool.acquire(green);
    try {
      side = await mirrorExchange({
        lease,
        method: req.method ?? 'GET',
        target: req.url ?? '/',
        headers: upstreamHeaders(req, { [SHADOW_HEADER]: '1' }),
        body,
        timeoutMs: core.config.limits.shadowTimeoutMs,
        captureCap: core.config.limits.bodyCapBytes,
      });
    } finally {
      lease.release();
    }
  }
  side.latencyMs = performance.now() - started;
  core.stats.shadow.record({
    ...(side.status === undefined ? {} : { status: side.status }),
    latencyMs: side.latencyMs,
    connError: side.status === undefined,
    injected: fault.fail,
  });
  return side;
}

type MirrorBody = Buffer | 'body_too_large' | 'client_aborted';

/** Waits for the client's request body (bounded) so the mirror can replay it. */
function requestBody(req: IncomingMessage, capBytes: number): Promise<MirrorBody> {
  if (!hasBody(req)) return Promise.resolve(Buffer.alloc(0));
  const capture = new BodyCapture(capBytes);
  return new Promise((resolve) => {
    req.on('data', (chunk: Buffer) => capture.add(chunk));
    req.on('end', () => resolve(capture.finish().bytes ?? 'body_too_large'));
    req.on('close', () => {
      if (!req.complete) resolve('client_aborted');
    });
  });
}

/**
 * Serves one live request: routes are read once on arrival (an atomic switch never moves a request
 * in flight), faults of the chosen upstream apply, the answer is the active upstream's, and when the
 * request is mirrored green's answer is compared with it off the client's path.
 */
export async function handleLive(core: RouterCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const arrived = performance.now();
  const routes = core.routes;
  const name = routes.active;
  const origin = routes.upstreams[name] as string;
  req.on('error', () => undefined); // a client that resets mid-request surfaces as res 'close'
  const generation = planMirror(core, routes, req);
  const limits = core.config.limits;
  const fault = core.faults.draw(name);
  if (fault.delayMs > 0) await sleep(fault.delayMs);
  let live: LiveResult;
  let bodyForMirror: Promise<MirrorBody> = Promise.resolve('client_aborted');
  let mirrorStarted = false;
  if (res.destroyed) live = { clientGone: true };
  else if (fault.fail) {
    req.resume();
    routerAnswer(res, 503, 'INJECTED_FAULT', `fault injected on ${name}`);
    live = { status: 503 };
  } else {
    const lease = core.pool.acquire(origin);
    if (generation !== undefined) bodyForMirror = requestBody(req, limits.bodyCapBytes);
    try {
      const forwarding = forwardLive({
        req,
        res,
        lease,
        timeoutMs: limits.upstreamTimeoutMs,
        ...(generation === undefined ? {} : { captureCap: limits.bodyCapBytes }),
      });
      if (generation !== undefined) {
        mirrorStarted = true;
        mirrorAfterBody(core, routes, req, bodyForMirror, forwarding, arrived, generation).catch(
          (err: unknown) => core.log('error', 'shadow compare failed', { err: String(err) }),
        );
      }
      live = await forwarding;
    } finally {
      lease.release();
    }
  }
  const latencyMs = performance.now() - arrived;
  if (live.clientGone) core.stats.live[name].clientAborted();
  else {
    core.stats.live[name].record({
      ...(live.status === undefined ? {} : { status: live.status }),
      latencyMs,
      connError: live.error !== undefined,
      injected: fault.fail,
    });
  }
  if (generation !== undefined && !mirrorStarted) {
    core.compare.finish(generation, fault.fail ? 'blue_failed' : 'client_aborted', routes.shadow);
  }
}

async function mirrorAfterBody(
  core: RouterCore,
  routes: RouteState,
  req: IncomingMessage,
  body: Promise<MirrorBody>,
  forwarding: Promise<LiveResult>,
  arrived: number,
  generation: number,
): Promise<void> {
  const bytes = await body;
  if (typeof bytes === 'string') {
    core.compare.finish(generation, bytes, routes.shadow);
    return;
  }
  const [blue, green] = await Promise.all([
    forwarding.then((r) => ({ r, latencyMs: performance.now() - arrived })),
    shadowSide(core, routes, req, bytes),
  ]);
  if (blue.r.clientGone) {
    core.compare.finish(generation, 'client_aborted', routes.shadow);
    return;
  }
  const blueSide: ShadowSide = {
    latencyMs: blue.latencyMs,
    ...(blue.r.error === undefined && blue.r.status !== undefined ? { status: blue.r.status } : {}),
    ...(blue.r.body ? { body: blue.r.body } : {}),
    ...(blue.r.error ? { error: blue.r.error } : {}),
  };
  core.compare.finish(
    generation,
    { method: req.method ?? 'GET', target: req.url ?? '/', blue: blueSide, green },
    routes.shadow,
  );
}
