import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort } from '../../../lib/net';
import { RouterClient, startRouter } from '../../../runner-agents/linux/traffic-router';
import { eventually, request, routerFixture, servedBy, startBackend, type Fixture } from './backends';

describe('traffic router: proxying, the atomic switch, stats, persistence (real HTTP servers)', () => {
  let f: Fixture;
  let client: RouterClient;
  beforeEach(async () => {
    f = await routerFixture();
    client = new RouterClient(f.router.socketPath);
  });
  afterEach(async () => f.dispose());

  it('proxies method, path, query, headers and body to the active upstream and streams its answer back', async () => {
    f.blue.answer = (req) => ({
      status: 201,
      headers: { 'x-upstream': 'blue', 'set-cookie': 'a=1' },
      body: `echo:${req.body}`,
    });
    const res = await request(f.router.url, {
      method: 'POST',
      path: '/orders?x=1',
      body: 'hello',
      headers: {
        'content-type': 'text/plain',
        'x-custom': 'v',
        connection: 'keep-alive, x-hop',
        'x-hop': 'drop me',
      },
    });
    expect(res).toMatchObject({ status: 201, body: 'echo:hello' });
    expect(res.headers['x-upstream']).toBe('blue');
    expect(res.headers['set-cookie']).toEqual(['a=1']);
    const seen = f.blue.seen[0];
    expect(seen).toMatchObject({ method: 'POST', url: '/orders?x=1', body: 'hello' });
    expect(seen?.headers['x-custom']).toBe('v');
    expect(seen?.headers['x-hop']).toBeUndefined(); // named by Connection: hop-by-hop
    expect(seen?.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(f.green.seen).toHaveLength(0); // shadow is off by default
  });

  it('switches atomically under concurrent load: no failed request, every answer from one upstream, all new ones on green', async () => {
    f.blue.answer = () => ({ body: JSON.stringify({ served_by: 'blue' }), delayMs: 20 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const results: Array<{ status: number; by: string; sentAfterSwitch: boolean }> = [];
    let switchedAt = Infinity;
    const worker = async () => {
      for (let i = 0; i < 30; i++) {
        const sentAt = performance.now();
        const res = await request(f.router.url, { agent, path: `/r${i}` });
        results.push({ status: res.status, by: servedBy(res.body), sentAfterSwitch: sentAt > switchedAt });
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, worker));
    await new Promise((r) => setTimeout(r, 150));
    const t0 = performance.now();
    const state = await client.setActive('green');
    switchedAt = performance.now();
    const switchMs = switchedAt - t0;
    await load;
    agent.destroy();
    expect(state.active).toBe('green');
    expect(results).toHaveLength(480);
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(results.some((r) => r.by === 'blue')).toBe(true);
    expect(results.some((r) => r.by === 'green')).toBe(true);
    // a request sent after the switch answered never reaches blue
    expect(results.filter((r) => r.sentAfterSwitch && r.by === 'blue')).toEqual([]);
    const stats = (await client.state()).stats.upstreams;
    expect(stats.blue.requests + stats.green.requests).toBe(480);
    expect(stats.blue.error_rate).toBe(0);
    console.log(`switch (PUT /active over the socket, incl. fsync'd state): ${switchMs.toFixed(2)} ms`);
  });

  it('an in-flight request finishes on the upstream it started on', async () => {
    f.blue.answer = () => ({ body: JSON.stringify({ served_by: 'blue' }), delayMs: 300 });
    const slow = request(f.router.url, { path: '/slow' });
    await eventually(() => f.blue.seen.length === 1);
    await client.setActive('green');
    const fast = await request(f.router.url, { path: '/fast' });
    expect(servedBy(fast.body)).toBe('green');
    const done = await slow;
    expect(done.status).toBe(200);
    expect(servedBy(done.body)).toBe('blue');
  });

  it('a refused upstream answers 502 at once (no hang) and counts as a connection error', async () => {
    await f.green.close();
    await client.setActive('green');
    const t0 = performance.now();
    const res = await request(f.router.url);
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'UPSTREAM_UNREACHABLE' } });
    expect(performance.now() - t0).toBeLessThan(1000);
    const green = (await client.stats()).upstreams.green;
    expect(green).toMatchObject({ requests: 1, conn_errors: 1, error_rate: 1 });
  });

  it('an upstream silent past upstreamTimeoutMs answers 504', async () => {
    await f.dispose();
    f = await routerFixture({ limits: { upstreamTimeoutMs: 200 } });
    client = new RouterClient(f.router.socketPath);
    f.blue.answer = () => ({ delayMs: 2000, body: '{}' });
    const res = await request(f.router.url);
    expect(res.status).toBe(504);
    expect((await client.stats()).upstreams.blue.conn_errors).toBe(1);
  });

  it('stats per upstream: counts, 5xx, error rate, percentiles; reset starts an empty window with null rates', async () => {
    let n = 0;
    f.blue.answer = () => ({ status: ++n % 4 === 0 ? 500 : 200, body: '{}', delayMs: n % 10 === 0 ? 60 : 0 });
    for (let i = 0; i < 40; i++) await request(f.router.url);
    const blue = (await client.stats()).upstreams.blue;
    expect(blue).toMatchObject({ requests: 40, status_5xx: 10, conn_errors: 0, error_rate: 0.25 });
    expect(blue.latency.p50_ms).toBeLessThan(30);
    expect(blue.latency.p99_ms).toBeGreaterThanOrEqual(55);
    expect(blue.api_p95_ms).toBe(blue.latency.p95_ms);
    const after = (await client.resetStats()).stats.upstreams.blue;
    expect(after).toMatchObject({ requests: 0, status_5xx: 0, error_rate: null, api_p95_ms: null });
  });

  it('persists the route state: a restarted router comes back on the same upstream', async () => {
    await client.setActive('green');
    const saved = JSON.parse(fs.readFileSync(f.config.stateFile, 'utf8')) as {
      active: string;
      upstreams: unknown;
    };
    expect(saved).toMatchObject({
      version: 1,
      active: 'green',
      upstreams: { blue: f.blue.url, green: f.green.url },
    });
    await f.restart();
    client = new RouterClient(f.router.socketPath);
    expect((await client.state()).active).toBe('green');
    expect(servedBy((await request(f.router.url)).body)).toBe('green');
  });

  it('persists before it applies: when the state cannot be written the switch answers 500 and nothing changes', async () => {
    const stateDir = path.dirname(f.config.stateFile);
    fs.rmSync(stateDir, { recursive: true });
    fs.writeFileSync(stateDir, 'not a directory'); // even root cannot write under a file
    const err = await client.setActive('green').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ROUTER_REJECTED', details: { status: 500 } });
    expect((await client.state()).active).toBe('blue');
    expect(servedBy((await request(f.router.url)).body)).toBe('blue');
    fs.rmSync(stateDir);
    expect((await client.setActive('green')).active).toBe('green');
  });

  it('refuses to start on a corrupt state file instead of guessing an upstream', async () => {
    await f.router.stop();
    const doc = { version: 1, active: 'purple', upstreams: { blue: f.blue.url, green: null }, shadow: {} };
    fs.writeFileSync(f.config.stateFile, JSON.stringify(doc));
    await expect(startRouter(f.config)).rejects.toMatchObject({
      code: 'ROUTER_STATE_INVALID',
      details: { field: 'active' },
    });
    fs.writeFileSync(f.config.stateFile, JSON.stringify({ ...doc, active: 'green' })); // green has no URL
    await expect(startRouter(f.config)).rejects.toMatchObject({
      code: 'ROUTER_STATE_INVALID',
      details: { field: 'active' },
    });
    fs.writeFileSync(f.config.stateFile, '{"version":1,');
    await expect(startRouter(f.config)).rejects.toMatchObject({ code: 'ROUTER_STATE_INVALID' });
    f.router = await startRouter({ ...f.config, stateFile: `${f.config.stateFile}.fresh` });
  });

  it('refuses a second router on a live socket or a taken port; the socket is 0600', async () => {
    await expect(startRouter({ ...f.config, listen: { host: '127.0.0.1', port: 0 } })).rejects.toMatchObject({
      code: 'ROUTER_LISTEN_FAILED',
    });
    expect(fs.statSync(f.router.socketPath).mode & 0o777).toBe(0o600);
    // a port already taken
    const other = await startBackend('other');
    await f.router.stop();
    await expect(
      startRouter({ ...f.config, listen: { host: '127.0.0.1', port: other.port } }),
    ).rejects.toMatchObject({
      code: 'ROUTER_LISTEN_FAILED',
      details: { field: 'listen' },
    });
    await other.close();
    f.router = await startRouter({ ...f.config, listen: { host: '127.0.0.1', port: await freePort() } });
    expect((await new RouterClient(f.router.socketPath).state()).active).toBe('blue');
  });

  it('refuses WebSocket upgrades with 501 (HTTP/1.1 request/response only)', async () => {
    const res = await request(f.router.url, {
      headers: { connection: 'upgrade', upgrade: 'websocket' },
    }).catch((e: Error) => e);
    expect(res).not.toBeInstanceOf(Error);
    expect((res as { status: number }).status).toBe(501);
  });
});
