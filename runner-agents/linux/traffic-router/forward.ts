import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { BodyCapture, type CapturedBody } from './body-capture';
import { endToEndRaw, hasBody, upstreamHeaders } from './headers';
import type { Lease } from './upstream-pool';

export interface LiveResult {
  /** The upstream's status, when it answered. */
  status?: number;
  /** Why the exchange failed: a connection error code, `timeout` or `response_cut`. */
  error?: string;
  /** The response body, when capture was asked for and the response completed. */
  body?: CapturedBody;
  /** The client left before its answer was complete. */
  clientGone?: boolean;
}

const RETRY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A JSON error answer from the router itself (never used once the upstream's headers went out). */
export function routerAnswer(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : 'ERROR';
}

/**
 * Proxies one client request to one upstream and streams the answer back. The client never hangs:
 * connection errors answer 502, silence longer than `timeoutMs` answers 504, a response cut short
 * closes the client connection. A GET/HEAD/OPTIONS without a body that fails on a reused keep-alive
 * socket (closed by the upstream meanwhile) is retried once on a fresh connection.
 */
export function forwardLive(opts: {
  req: IncomingMessage;
  res: ServerResponse;
  lease: Lease;
  timeoutMs: number;
  /** Capture the response body up to this many bytes (for a shadow compare). */
  captureCap?: number;
}): Promise<LiveResult> {
  const { req, res, lease } = opts;
  return new Promise<LiveResult>((resolve) => {
    let settled = false;
    let upstreamCut = false;
    let active: http.ClientRequest | undefined;
    const settle = (result: LiveResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const retryable = !hasBody(req) && RETRY_METHODS.has(req.method ?? '');
    const capture = opts.captureCap === undefined ? undefined : new BodyCapture(opts.captureCap);

    res.on('close', () => {
      if (res.writableFinished || upstreamCut) return;
      active?.destroy();
      settle({ clientGone: true });
    });

    const send = (attempt: number) => {
      const up = http.request({
        host: lease.host,
        port: lease.port,
        agent: lease.agent,
        method: req.method,
        path: req.url,
        headers: upstreamHeaders(req),
      });
      active = up;
      up.setTimeout(opts.timeoutMs, () =>
        up.destroy(Object.assign(new Error('upstream timeout'), { code: 'timeout' })),
      );
      up.on('response', (ures: IncomingMessage) => {
        const status = ures.statusCode ?? 502;
        res.writeHead(status, ures.statusMessage, endToEndRaw(ures.rawHeaders, ures.headers.connection));
        ures.on('data', (chunk: Buffer) => {
          capture?.add(chunk);
          if (!res.write(chunk)) ures.pause();
        });
        res.on('drain', () => ures.resume());
        ures.on('end', () => res.end());
        // 'error' only follows 'close' here; the listener keeps it from being thrown.
        ures.on('error', () => undefined);
        ures.on('close', () => {
          if (ures.complete || settled) return;
          upstreamCut = true;
          res.destroy();
          settle({ status, error: 'response_cut' });
        });
        res.on('finish', () => settle({ status, ...(capture ? { body: capture.finish() } : {}) }));
      });
      up.on('error', (err) => {
        if (settled || res.headersSent) return;
        if (attempt === 0 && retryable && up.reusedSocket && errorCode(err) === 'ECONNRESET') {
          send(1);
          return;
        }
        const code = errorCode(err);
        if (code === 'timeout')
          routerAnswer(res, 504, 'UPSTREAM_TIMEOUT', `upstream silent for ${opts.timeoutMs} ms`);
        else routerAnswer(res, 502, 'UPSTREAM_UNREACHABLE', `upstream failed: ${code}`);
        settle({ error: code });
      });
      if (attempt === 0 && hasBody(req)) req.pipe(up);
      else up.end();
    };
    send(0);
  });
}
