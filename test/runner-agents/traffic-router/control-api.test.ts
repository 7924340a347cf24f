import http from 'node:http';
import net from 'node:net';
import { RouterClient, type RouterError } from '../../../runner-agents/linux/traffic-router';
import { request, routerFixture, servedBy, type Fixture } from './backends';

/** A raw call on the control socket, to see exactly what the router answers. */
function raw(
  socketPath: string,
  method: string,
  path: string,
  body?: string,
): Promise<{
  status: number;
  json: { error?: { code: string; message: string; field?: string } };
  headers: http.IncomingHttpHeaders;
}> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          json: JSON.parse(Buffer.concat(chunks).toString()) as { error?: { code: string; message: string } },
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('control API over the Unix socket', () => {
  let f: Fixture;
  let client: RouterClient;
  beforeAll(async () => {
    f = await routerFixture();
    client = new RouterClient(f.router.socketPath);
  });
  afterAll(async () => f.dispose());

  it('GET /state answers routes, active, shadow, faults and stats', async () => {
    const state = await client.state();
    expect(state).toMatchObject({
      service: 'demo',
      active: 'blue',
      upstreams: { blue: f.blue.url, green: f.green.url },
      shadow: { sample: 0, methods: ['GET', 'HEAD', 'OPTIONS'], paths: [], mirroring: false },
      faults: {},
      listen: { host: '127.0.0.1', port: f.router.port },
    });
    expect(state.stats.upstreams.blue.requests).toBe(0);
  });

  it.each([
    ['PUT', '/active', '{"upstream":"purple"}', 'upstream'],
    ['PUT', '/active', '{}', 'upstream'],
    ['PUT', '/active', '{"upstream":"green","force":true}', 'force'],
    ['PUT', '/active', '{"upstream":', '(body)'],
    ['PUT', '/active', '[1]', '(body)'],
    ['PUT', '/upstreams', '{"green":"ftp://127.0.0.1:1"}', 'green'],
    ['PUT', '/upstreams', '{"green":"http://127.0.0.1:1/path"}', 'green'],
    ['PUT', '/upstreams', '{"green":"http://127.0.0.1"}', 'green'],
    ['PUT', '/upstreams', '{"blue":null}', 'blue'],
    ['PUT', '/upstreams', '{}', 'green'],
    ['PUT', '/shadow', '{"sample":1.5}', 'sample'],
    ['PUT', '/shadow', '{"sample":"all"}', 'sample'],
    ['PUT', '/shadow', '{"smaple":0.5}', 'smaple'],
    ['PUT', '/shadow', '{"methods":["GET","PO ST"]}', 'methods[1]'],
    ['PUT', '/shadow', '{"paths":["search"]}', 'paths[0]'],
    ['PUT', '/shadow', '{"body":"fuzzy"}', 'body'],
    ['PUT', '/shadow', '{"ignore_fields":["a..b"]}', 'ignore_fields[0]'],
    ['PUT', '/faults', '{"upstream":"green","latency_ms":-1}', 'latency_ms'],
    ['PUT', '/faults', '{"upstream":"green","error_rate":2}', 'error_rate'],
    ['PUT', '/faults', '{"latency_ms":10}', 'upstream'],
  ])('%s %s %s → 400 naming %s, nothing changed', async (method, path, body, field) => {
    const before = await client.state();
    const res = await raw(f.router.socketPath, method, path, body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: 'ROUTER_CONFIG_INVALID', field } });
    expect(typeof res.json.error?.message).toBe('string');
    const after = await client.state();
    expect({ ...after, stats: null }).toEqual({ ...before, stats: null });
  });

  it('unknown route 404, wrong method 405 with Allow, oversized body 413', async () => {
    expect(await raw(f.router.socketPath, 'GET', '/nope')).toMatchObject({
      status: 404,
      json: { error: { code: 'ROUTER_NOT_FOUND' } },
    });
    const m = await raw(f.router.socketPath, 'POST', '/state');
    expect(m).toMatchObject({ status: 405, json: { error: { code: 'ROUTER_METHOD_NOT_ALLOWED' } } });
    expect(m.headers.allow).toBe('GET');
    const big = JSON.stringify({ upstream: 'x'.repeat(70000) });
    expect(await raw(f.router.socketPath, 'PUT', '/active', big)).toMatchObject({
      status: 413,
      json: { error: { field: '(body)' } },
    });
  });

  it('refuses (409) to switch to an unset upstream or to clear the active one; the client reports ROUTER_REJECTED', async () => {
    await client.setUpstreams({ green: null });
    const err = (await client.setActive('green').catch((e: unknown) => e)) as RouterError;
    expect(err).toMatchObject({
      code: 'ROUTER_REJECTED',
      details: { status: 409, code: 'ROUTER_CONFLICT', field: 'upstream' },
    });
    const clear = await raw(f.router.socketPath, 'PUT', '/upstreams', JSON.stringify({ green: f.green.url }));
    expect(clear.status).toBe(200);
    await client.setActive('green');
    const res = await raw(f.router.socketPath, 'PUT', '/upstreams', '{"green":null}');
    expect(res).toMatchObject({ status: 409, json: { error: { code: 'ROUTER_CONFLICT', field: 'green' } } });
    expect((await client.setActive('blue')).active).toBe('blue');
  });

  it('fault injection: 5xx at the configured rate and added latency on one upstream only, cleared with zeros', async () => {
    await client.resetStats();
    await client.setFault({ upstream: 'blue', error_rate: 0.25 });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await request(f.router.url)).status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(5);
    const injected = (await request(f.router.url)).body;
    const stats = (await client.stats()).upstreams.blue;
    expect(stats).toMatchObject({ requests: 21, status_5xx: 5, injected_5xx: 5, error_rate: 5 / 21 });
    expect(injected).toBeDefined();
    await client.setFault({ upstream: 'blue', latency_ms: 0, error_rate: 0 });
    expect((await client.state()).faults).toEqual({});

    await client.setFault({ upstream: 'green', latency_ms: 500 });
    const t0 = performance.now();
    expect(servedBy((await request(f.router.url)).body)).toBe('blue'); // blue is not slowed
    expect(performance.now() - t0).toBeLessThan(400);
    await client.setActive('green');
    const t1 = performance.now();
    expect(servedBy((await request(f.router.url)).body)).toBe('green');
    expect(performance.now() - t1).toBeGreaterThanOrEqual(495);
    expect((await client.stats()).upstreams.green.latency.max_ms).toBeGreaterThanOrEqual(495);
    await client.setActive('blue');
    await client.setFault({ upstream: 'green' });
  });

  it('a missing socket is ROUTER_UNREACHABLE; a wedged one is ROUTER_TIMEOUT (never a hang)', async () => {
    const missing = new RouterClient(`${f.dir}/nope.sock`);
    await expect(missing.state()).rejects.toMatchObject({ code: 'ROUTER_UNREACHABLE' });
    const held: net.Socket[] = [];
    const wedged = net.createServer((s) => held.push(s)); // accepts, never answers
    const path = `${f.dir}/wedged.sock`;
    await new Promise<void>((r) => wedged.listen(path, r));
    const t0 = performance.now();
    await expect(new RouterClient(path, { timeoutMs: 200 }).abort()).rejects.toMatchObject({
      code: 'ROUTER_TIMEOUT',
    });
    expect(performance.now() - t0).toBeLessThan(1000);
    held.forEach((s) => s.destroy());
    await new Promise<void>((r) => wedged.close(() => r()));
  }, 10000);
});
