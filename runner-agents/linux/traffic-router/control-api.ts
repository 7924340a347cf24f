import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRouterError } from './errors';
import { ControlReply, readJson, sendError, sendJson } from './control-io';
import { parseFaultRequest } from './faults';
import type { RouterCore } from './router-core';
import { parseShadowConfig } from './shadow-config';
import { object, oneOf, onlyFields, upstreamUrl } from './validate';

type Handler = (core: RouterCore, body: unknown) => unknown;

const state: Handler = (core) => core.view();

/** PUT /active {"upstream": "blue"|"green"}: the atomic switch. */
const putActive: Handler = (core, body) => {
  const raw = object(body, '(body)');
  onlyFields(raw, ['upstream']);
  core.setActive(oneOf(raw.upstream, 'upstream', ['blue', 'green'] as const));
  return core.view();
};

/** PUT /upstreams {"green": url|null, "blue"?: url}. */
const putUpstreams: Handler = (core, body) => {
  const raw = object(body, '(body)');
  onlyFields(raw, ['blue', 'green']);
  if (raw.blue === undefined && raw.green === undefined) {
    throw new ControlReply(400, 'ROUTER_CONFIG_INVALID', 'name "green" and/or "blue"', 'green');
  }
  core.setUpstreams({
    ...(raw.blue === undefined ? {} : { blue: upstreamUrl(raw.blue, 'blue') }),
    ...(raw.green === undefined
      ? {}
      : { green: raw.green === null ? null : upstreamUrl(raw.green, 'green') }),
  });
  return core.view();
};

const putShadow: Handler = (core, body) => {
  core.setShadow(parseShadowConfig(body, core.routes.shadow));
  return core.view();
};

const putFaults: Handler = (core, body) => {
  core.setFault(parseFaultRequest(body));
  return core.view();
};

const resetStats: Handler = (core) => {
  core.resetStats();
  return core.view();
};

const abort: Handler = (core) => {
  core.abort();
  return core.view();
};

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  '/state': { GET: state },
  '/stats': { GET: (core) => core.stats.snapshot() },
  '/compare': { GET: (core) => core.compare.report() },
  '/active': { PUT: putActive },
  '/upstreams': { PUT: putUpstreams },
  '/shadow': { PUT: putShadow },
  '/faults': { PUT: putFaults },
  '/stats/reset': { POST: resetStats },
  '/abort': { POST: abort },
};

/**
 * The control API (HTTP/1.1 over the Unix socket). Every answer is JSON; errors are
 * `{"error": {"code", "message", "field"?}}` with 400 (bad field), 404, 405, 409 (refused by the
 * current routes), 413 or 500.
 */
export async function handleControl(
  core: RouterCore,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const path = (req.url ?? '/').split('?')[0] as string;
    const methods = ROUTES[path];
    if (!methods) throw new ControlReply(404, 'ROUTER_NOT_FOUND', `no control route ${path}`);
    const handler = methods[req.method ?? ''];
    if (!handler) {
      res.setHeader('allow', Object.keys(methods).join(', '));
      throw new ControlReply(
        405,
        'ROUTER_METHOD_NOT_ALLOWED',
        `${req.method} ${path}: use ${Object.keys(methods).join(', ')}`,
      );
    }
    const body = req.method === 'GET' ? undefined : await readJson(req);
    sendJson(res, 200, handler(core, body));
  } catch (err) {
    if (!(err instanceof ControlReply) && !isRouterError(err)) {
      core.log('error', 'control request failed', { err: String(err) });
    }
    sendError(res, err);
  }
}
