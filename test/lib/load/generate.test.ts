import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateLoad } from '../../../lib/load';

describe('generateLoad: a bounded load against a loopback service (real HTTP)', () => {
  let server: http.Server;
  let url: string;
  let seen = 0;
  const byPath: Record<string, number> = {};
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen++;
      byPath[req.url ?? ''] = (byPath[req.url ?? ''] ?? 0) + 1;
      if (req.url === '/fail' && seen % 4 === 0) res.writeHead(503).end('no');
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end('ok'), 30);
      else res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends exactly the requested number and reports latency percentiles', async () => {
    seen = 0;
    const s = await generateLoad({ url: `${url}/ok`, requests: 120, concurrency: 6 });
    expect(seen).toBe(120);
    expect(s).toMatchObject({ sent: 120, ok: 120, errors: 0, error_rate: 0, statuses: { '200': 120 } });
    expect(s.p50_ms).toBeGreaterThan(0);
    expect(s.p95_ms as number).toBeGreaterThanOrEqual(s.p50_ms as number);
  });

  it('counts 5xx and refused connections as errors, and sees added latency', async () => {
    seen = 0;
    const failing = await generateLoad({ url: `${url}/fail`, requests: 40, concurrency: 1 });
    expect(failing.errors).toBe(10);
    expect(failing.error_rate).toBeCloseTo(0.25);
    const slow = await generateLoad({ url: `${url}/slow`, requests: 20, concurrency: 4 });
    expect(slow.p50_ms as number).toBeGreaterThanOrEqual(29);
    const refused = await generateLoad({ url: 'http://127.0.0.1:9/', requests: 5 });
    expect(refused).toMatchObject({ ok: 0, errors: 5, error_rate: 1, p95_ms: null });
    expect(refused.statuses.connection_error).toBe(5);
  });

  it("takes the given paths in turn on the URL's origin, and refuses paths that leave it", async () => {
    for (const k of Object.keys(byPath)) delete byPath[k];
    const s = await generateLoad({
      url: `${url}/ignored`,
      requests: 30,
      concurrency: 3,
      paths: ['/ok', '/slow'],
    });
    expect(s).toMatchObject({ sent: 30, ok: 30 });
    expect(byPath).toEqual({ '/ok': 15, '/slow': 15 });
    for (const paths of [['//10.0.0.1/x'], ['/\\10.0.0.1/x'], ['ok'], []]) {
      await expect(generateLoad({ url, requests: 1, paths })).rejects.toMatchObject({
        code: 'LOAD_INPUT_INVALID',
      });
    }
  });

  it('refuses any target off this machine and bad counts', async () => {
    await expect(generateLoad({ url: 'http://10.0.0.1/', requests: 1 })).rejects.toMatchObject({
      code: 'LOAD_TARGET_NOT_LOOPBACK',
    });
    await expect(generateLoad({ url: 'https://127.0.0.1/', requests: 1 })).rejects.toMatchObject({
      code: 'LOAD_TARGET_NOT_LOOPBACK',
    });
    await expect(generateLoad({ url, requests: 0 })).rejects.toMatchObject({ code: 'LOAD_INPUT_INVALID' });
    await expect(generateLoad({ url: 'nope', requests: 1 })).rejects.toMatchObject({
      code: 'LOAD_INPUT_INVALID',
    });
  });
});
