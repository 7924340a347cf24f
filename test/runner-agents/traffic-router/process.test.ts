import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../lib/net';
import { ProcessDriver } from '../../../runner-agents/linux/services/process-driver';
import { RouterClient, type RouterConfig } from '../../../runner-agents/linux/traffic-router';
import { request, servedBy, startBackend, type Backend } from './backends';
import { ensureRouterBuilt } from './dist-build';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the router as a real process under ProcessDriver (dist entry)', () => {
  let dir: string;
  let blue: Backend;
  let green: Backend;
  let driver: ProcessDriver;
  let client: RouterClient;
  let publicUrl: string;
  let config: RouterConfig;

  beforeAll(async () => {
    const main = ensureRouterBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-router-proc-'));
    blue = await startBackend('blue');
    green = await startBackend('green');
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    config = {
      service: 'demo',
      listen: { host: '127.0.0.1', port },
      socketPath: path.join(dir, 'router.sock'),
      stateFile: path.join(dir, 'router-state.json'),
      upstreams: { blue: blue.url, green: green.url },
      shadow: { sample: 0.5 },
    };
    const file = path.join(dir, 'router.json');
    fs.writeFileSync(file, JSON.stringify(config));
    driver = new ProcessDriver({
      name: 'traffic-router',
      command: [process.execPath, main, '--config', file],
      cwd: dir,
      stateDir: path.join(dir, 'run'),
      healthUrl: `${publicUrl}/health`,
      healthTimeoutMs: 10000,
      stopTimeoutMs: 5000,
    });
    client = new RouterClient(config.socketPath);
  });
  afterAll(async () => {
    await driver?.stop();
    await Promise.all([blue?.close(), green?.close()]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts, serves, switches; SIGKILLed and restarted it comes back on the persisted upstream', async () => {
    const first = await driver.start();
    await client.waitReady();
    expect(servedBy((await request(publicUrl)).body)).toBe('blue');
    await client.setActive('green');
    expect(servedBy((await request(publicUrl)).body)).toBe('green');

    process.kill(first.pid, 'SIGKILL');
    while (driver.status().running) await sleep(20);
    expect(fs.existsSync(config.socketPath)).toBe(true); // SIGKILL leaves the socket file behind
    await expect(request(publicUrl)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const t0 = performance.now();
    const second = await driver.start(); // waits for the health URL through the router
    const restartMs = performance.now() - t0;
    expect(second.pid).not.toBe(first.pid);
    expect(second.restarts).toBe(1);
    const state = await client.waitReady();
    expect(state).toMatchObject({
      active: 'green',
      upstreams: { blue: blue.url, green: green.url },
      pid: second.pid,
    });
    expect(state.shadow.sample).toBe(0.5); // the shadow config is persisted too
    expect(state.faults).toEqual({}); // faults never are
    for (let i = 0; i < 5; i++) expect(servedBy((await request(publicUrl)).body)).toBe('green');
    console.log(
      `router restart under ProcessDriver (spawn → healthy through the proxy): ${restartMs.toFixed(0)} ms`,
    );
  });

  it('SIGTERM drains and exits cleanly: socket removed, JSON log lines written', async () => {
    await driver.stop();
    expect(driver.status().running).toBe(false);
    expect(fs.existsSync(config.socketPath)).toBe(false);
    const lines = fs
      .readFileSync(path.join(dir, 'run', 'traffic-router.log'), 'utf8')
      .trim()
      .split('\n');
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string; name: string });
    expect(parsed.every((l) => l.name === 'hale-traffic-router')).toBe(true);
    expect(parsed.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['router listening', 'switch to green', 'stopping']),
    );
  });

  it('a bad config file exits 2 and says which field', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ ...config, listen: { host: '127.0.0.1', port: 'eighty' } }));
    const res = spawnSync(process.execPath, [ensureRouterBuilt(), '--config', bad], {
      encoding: 'utf8',
      timeout: 10000,
    });
    expect(res.status).toBe(2);
    expect(res.stdout).toMatch(/ROUTER_CONFIG_INVALID/);
    expect(res.stdout).toMatch(/listen\.port/);
  });
});
