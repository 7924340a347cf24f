import http from 'node:http';
import { freePort } from '../../../lib/net';
import { SystemdDriver } from '../../../runner-agents/linux/services';
import { IS_ACTIVE, SHOW, SystemdReplay, UNIT, argv, codeOf, fakeClock } from './systemd-replay';

/** A real HTTP server on 127.0.0.1: answers 503 `failures` times, then 200 with JSON. */
async function healthServer(failures: number) {
  const port = await freePort();
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    if (hits <= failures) {
      res.writeHead(503).end('starting');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', hits }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/health`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('SystemdDriver health probe after a restart (real HTTP server on 127.0.0.1)', () => {
  const servers: { close: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  function driver(url: string, fixtures: string[], healthTimeoutMs = 5000) {
    const replay = new SystemdReplay(fixtures);
    const d = new SystemdDriver(
      { name: 'payments-api', unit: UNIT, healthUrl: url, healthTimeoutMs },
      replay,
      fakeClock(),
    );
    return { replay, d };
  }

  it('a healthy service: restart, show, one probe; nothing else is asked', async () => {
    const s = await healthServer(0);
    servers.push(s);
    const { replay, d } = driver(s.url, ['restart-ok', 'show-running']);
    await d.restart();
    expect(replay.argvs()).toEqual([argv('restart'), SHOW]);
    expect(await d.waitHealthy()).toEqual({ status: 'ok', hits: 2 });
  });

  it('keeps probing while systemctl is-active says active, and resolves with the answer', async () => {
    const s = await healthServer(3);
    servers.push(s);
    const { replay, d } = driver(s.url, ['show-running', 'is-active-active']);
    expect(await d.waitHealthy()).toEqual({ status: 'ok', hits: 4 });
    expect(replay.argvs()).toEqual([IS_ACTIVE, IS_ACTIVE, IS_ACTIVE]);
  });

  it('a service that crashed during start (is-active: activating, exit 3) is SERVICE_UNHEALTHY at once', async () => {
    const s = await healthServer(1000);
    servers.push(s);
    const { replay, d } = driver(s.url, [
      'restart-ok',
      'show-running',
      'is-active-active',
      'is-active-activating',
    ]);
    const started = Date.now();
    const r = await codeOf(d.restart());
    expect(r).toMatchObject({
      code: 'SERVICE_UNHEALTHY',
      details: { reason: 'exited-during-start', last: 'HTTP 503' },
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(replay.argvs()).toEqual([argv('restart'), SHOW, IS_ACTIVE, IS_ACTIVE]);
  });

  it('a service that stays up but never answers 2xx is SERVICE_UNHEALTHY at the health timeout', async () => {
    const s = await healthServer(1000);
    servers.push(s);
    const { replay, d } = driver(s.url, ['is-active-active'], 700);
    const started = Date.now();
    const r = await codeOf(d.waitHealthy());
    expect(r).toMatchObject({ code: 'SERVICE_UNHEALTHY', details: { reason: 'timeout', last: 'HTTP 503' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
    expect(s.hits()).toBeGreaterThan(2);
    expect(replay.argvs().every((a) => JSON.stringify(a) === JSON.stringify(IS_ACTIVE))).toBe(true);
  });

  it('nothing listening: the last error is kept, and a failed unit ends the wait', async () => {
    const port = await freePort();
    const { d } = driver(`http://127.0.0.1:${port}/health`, ['is-active-failed']);
    const r = await codeOf(d.waitHealthy());
    expect(r.code).toBe('SERVICE_UNHEALTHY');
    expect(r.details).toMatchObject({ reason: 'exited-during-start' });
    expect(String(r.details?.last)).toMatch(/fetch failed|ECONNREFUSED/);
  });
});
