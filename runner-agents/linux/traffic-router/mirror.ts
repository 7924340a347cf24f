import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { BodyCapture } from './body-capture';
import type { ShadowSide } from './compare';
import type { Lease } from './upstream-pool';

/**
 * Sends one mirrored request to green and collects its answer (body up to the cap; length and
 * digest always). Never rejects: a refused connection, a timeout or a cut response is a ShadowSide
 * with `error` and no status. The answer goes nowhere but the compare.
 */
export function mirrorExchange(opts: {
  lease: Lease;
  method: string;
  target: string;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  timeoutMs: number;
  captureCap: number;
}): Promise<ShadowSide> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  return new Promise<ShadowSide>((resolve) => {
    let settled = false;
    const settle = (side: ShadowSide) => {
      if (settled) return;
      settled = true;
      resolve(side);
    };
    const headers: OutgoingHttpHeaders = { ...opts.headers, 'content-length': opts.body.length };
    delete headers['transfer-encoding'];
    if (opts.body.length === 0 && !['POST', 'PUT', 'PATCH'].includes(opts.method))
      delete headers['content-length'];
    const up = http.request({
      host: opts.lease.host,
      port: opts.lease.port,
      agent: opts.lease.agent,
      method: opts.method,
      path: opts.target,
      headers,
    });
    up.setTimeout(opts.timeoutMs, () =>
      up.destroy(Object.assign(new Error('shadow timeout'), { code: 'timeout' })),
    );
    up.on('response', (res: IncomingMessage) => {
      const capture = new BodyCapture(opts.captureCap);
      res.on('data', (chunk: Buffer) => capture.add(chunk));
      res.on('error', () => undefined);
      res.on('end', () =>
        settle({ status: res.statusCode ?? 0, latencyMs: elapsed(), body: capture.finish() }),
      );
      res.on('close', () => {
        if (!res.complete) settle({ latencyMs: elapsed(), error: 'response_cut' });
      });
    });
    up.on('error', (err: NodeJS.ErrnoException) =>
      settle({ latencyMs: elapsed(), error: err.code ?? err.message }),
    );
    up.end(opts.body);
  });
}
