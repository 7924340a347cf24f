import http from 'node:http';
import { RouterClient, burnVerdict } from '../../../runner-agents/linux/traffic-router';
import { request, routerFixture, servedBy, type Fixture } from './backends';
import { startChildBackend, type ChildBackend } from './child-backend';

describe('abort: never traffic on a failing green, never a deadlock (green is a real process, SIGKILLed)', () => {
  let f: Fixture;
  let green: ChildBackend;
  let client: RouterClient;
  beforeEach(async () => {
    f = await routerFixture();
    green = await startChildBackend('green');
    client = new RouterClient(f.router.socketPath);
    await client.setUpstreams({ green: green.url });
  });
  afterEach(async () => {
    await green.kill();
    await f.dispose();
  });

  it('green killed while active: clients get a quick 502 (no hang), the burn verdict fails, abort puts 100 % on blue and clears green', async () => {
    await client.setShadow({ sample: 1 });
    await client.setActive('green');
    await client.resetStats();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const before = await Promise.all(Array.from({ length: 8 }, () => request(f.router.url, { agent })));
    expect(before.map((r) => servedBy(r.body))).toEqual(Array(8).fill('green'));

    await green.kill();
    const t0 = performance.now();
    const during = await Promise.all(Array.from({ length: 20 }, () => request(f.router.url, { agent })));
    const failWindowMs = performance.now() - t0;
    expect(during.every((r) => r.status === 502)).toBe(true);
    expect(failWindowMs).toBeLessThan(2000);

    const stats = await client.stats();
    const burn = burnVerdict(
      stats.upstreams.green,
      { error_rate: 0.01, api_p95_ms: 500 },
      { minSamples: 20 },
    );
    expect(burn.verdict).toBe('fail');

    const t1 = performance.now();
    const state = await client.abort();
    const abortMs = performance.now() - t1;
    expect(state).toMatchObject({ active: 'blue', upstreams: { blue: f.blue.url, green: null }, faults: {} });
    expect(state.shadow.mirroring).toBe(false);

    await client.resetStats();
    const after = await Promise.all(
      Array.from({ length: 50 }, (_, i) => request(f.router.url, { agent, path: `/a${i}` })),
    );
    agent.destroy();
    expect(after.every((r) => r.status === 200 && servedBy(r.body) === 'blue')).toBe(true);
    const final = await client.state();
    expect(final.stats.upstreams.blue).toMatchObject({ requests: 50, error_rate: 0 });
    expect(final.stats.upstreams.green.requests).toBe(0);
    expect(final.stats.shadow.requests).toBe(0); // nothing mirrored to the cleared green
    console.log(
      `abort: ${abortMs.toFixed(2)} ms; 20 requests on dead green answered 502 in ${failWindowMs.toFixed(1)} ms`,
    );
  });

  it('abort while requests to a hung green are in flight returns at once; those requests end on their own timeout', async () => {
    await f.dispose();
    f = await routerFixture({ limits: { upstreamTimeoutMs: 2000 } });
    client = new RouterClient(f.router.socketPath);
    f.green.answer = () => ({ delayMs: 5000, body: '{}' }); // hung green
    await client.setActive('green');
    const stuck = Promise.all(Array.from({ length: 5 }, () => request(f.router.url)));
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    const state = await client.abort();
    expect(performance.now() - t0).toBeLessThan(1000); // waiting for the stuck ones would take ~2 s
    expect(state.active).toBe('blue');
    expect(servedBy((await request(f.router.url)).body)).toBe('blue');
    const ended = await stuck;
    expect(ended.map((r) => r.status)).toEqual([504, 504, 504, 504, 504]);
  });

  it('abort is idempotent and survives a restart (persisted)', async () => {
    await client.setActive('green');
    await client.abort();
    expect((await client.abort()).active).toBe('blue');
    await f.restart();
    const state = await new RouterClient(f.router.socketPath).state();
    expect(state).toMatchObject({ active: 'blue', upstreams: { green: null } });
  });
});
