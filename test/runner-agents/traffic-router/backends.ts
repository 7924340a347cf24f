import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../lib/net';
import {
  startRouter,
  type RouterConfig,
  type RouterHandle,
} from '../../../runner-agents/linux/traffic-router';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  delayMs?: number;
}

export interface Backend {
  name: string;
  url: string;
  port: number;
  seen: SeenRequest[];
  /** Replace how it answers. */
  answer: (req: SeenRequest) => Answer | Promise<Answer>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Answers slower than `delayMs` on timers cleared at close, so a closed backend leaves nothing behind. */
function delay(timers: Set<NodeJS.Timeout>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });
}

/** A real HTTP server on 127.0.0.1 that records what it got; answers JSON `{"served_by": name, ...}` by default. */
export async function startBackend(name: string, answer?: Backend['answer']): Promise<Backend> {
  const port = await freePort();
  const backend: Backend = {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    seen: [],
    answer:
      answer ?? ((req) => ({ body: JSON.stringify({ served_by: name, method: req.method, url: req.url }) })),
    close: async () => undefined,
  };
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      backend.seen.push(seen);
      void Promise.resolve(backend.answer(seen)).then(async (a) => {
        if (a.delayMs) await delay(timers, a.delayMs);
        res.writeHead(a.status ?? 200, {
          'content-type': 'application/json',
          'x-served-by': name,
          ...a.headers,
        });
        res.end(a.body ?? '');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  backend.close = () =>
    new Promise<void>((resolve) => {
      timers.forEach((t) => clearTimeout(t));
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return backend;
}

export interface Fixture {
  dir: string;
  blue: Backend;
  green: Backend;
  router: RouterHandle;
  config: RouterConfig;
  /** Restart the in-process router on the same state file / socket. */
  restart(): Promise<RouterHandle>;
  dispose(): Promise<void>;
}

/** Blue + green backends and an in-process router in front of them (green set, not active). */
export async function routerFixture(overrides: Partial<RouterConfig> = {}): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-router-'));
  const blue = await startBackend('blue');
  const green = await startBackend('green');
  const config: RouterConfig = {
    service: 'demo',
    listen: { host: '127.0.0.1', port: 0 },
    socketPath: path.join(dir, 'router.sock'),
    stateFile: path.join(dir, 'state', 'router.json'),
    upstreams: { blue: blue.url, green: green.url },
    ...overrides,
  };
  const f: Fixture = {
    dir,
    blue,
    green,
    config,
    router: await startRouter(config),
    restart: async () => {
      await f.router.stop();
      f.router = await startRouter(config);
      return f.router;
    },
    dispose: async () => {
      await f.router.stop();
      await Promise.all([blue.close(), green.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return f;
}

/** One request through a fresh connection; resolves status, body and headers. */
export function request(
  url: string,
  opts: {
    method?: string;
    path?: string;
    body?: string;
    headers?: Record<string, string>;
    agent?: http.Agent;
  } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}${opts.path ?? '/'}`,
      { method: opts.method ?? 'GET', headers: opts.headers, agent: opts.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Which backend served a default answer. */
export const servedBy = (body: string): string => (JSON.parse(body) as { served_by: string }).served_by;

/** Waits until `check` holds (mirrors finish after the client's answer). */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(10);
  }
}
