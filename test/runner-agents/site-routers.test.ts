import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSiteStore } from '../../lib/artifacts/site';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import { loadConfig, type HaleConfig } from '../../lib/config';
import { migrate, openDatabase, type OpenedDatabase } from '../../lib/db';
import { freePort, isPortInUse } from '../../lib/net';
import { prepareDemoSite } from '../../cli/demo-site';
import { routerPaths } from '../../runner-agents/linux/blue-green';
import type { ServiceState } from '../../runner-agents/linux/services/process-driver';
import { startSiteRouters, type SiteRouters } from '../../runner-agents/linux/site-routers';
import { RouterClient } from '../../runner-agents/linux/traffic-router';
import { ensureRouterBuilt } from './traffic-router/dist-build';

const DEMO_APP = path.resolve(__dirname, '..', '..', 'infra', 'examples', 'demo-api', 'app.py');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startSiteRouters: the router process and the live slot of a blue/green service (real router, demo-api, venv)', () => {
  let dir: string;
  let config: HaleConfig;
  let db: OpenedDatabase;
  let store: ArtifactStore;
  let main: string;
  let ports: { port: number; a: number; b: number };
  const running: SiteRouters[] = [];
  const saved = process.env.COSIGN_PASSWORD;

  const slotState = (slot: 'a' | 'b') =>
    JSON.parse(
      fs.readFileSync(path.join(config.dataDir, 'runner', 'services', `demo-api@${slot}.state.json`), 'utf8'),
    ) as ServiceState;
  const start = async () => {
    const routers = await startSiteRouters(config, { store, routerMain: main });
    running.push(routers);
    return routers;
  };

  beforeAll(async () => {
    main = ensureRouterBuilt();
    process.env.COSIGN_PASSWORD = 'site-routers-test';
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-site-routers-'));
    ports = { port: await freePort(), a: await freePort(), b: await freePort() };
    const yaml = [
      'data_dir: ./data',
      'hosts: [{ id: local, os: linux }]',
      'services:',
      '  - name: demo-api',
      '    host: local',
      '    kind: python',
      '    install_path: ./services/demo-api',
      `    start_command: ["{venv}/bin/python", ${JSON.stringify(DEMO_APP)}]`,
      '    audit: [demo_lib]',
      `    blue_green: { port: ${ports.port}, slots: [${ports.a}, ${ports.b}] }`,
      '  - name: plain',
      '    host: local',
      '    kind: python',
      '    install_path: ./services/plain',
      '    start_command: "python3 -m http.server"',
    ];
    fs.writeFileSync(path.join(dir, 'hale.yaml'), `${yaml.join('\n')}\n`);
    config = loadConfig({ path: path.join(dir, 'hale.yaml'), env: {} });
    await prepareDemoSite(config, { say: () => undefined }); // signed wheels + the first environment
    db = await openDatabase({ dataDir: config.dataDir });
    await migrate(db);
    store = await openSiteStore(config, db, 'runner');
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
  });
  afterAll(async () => {
    await db?.close();
    if (saved === undefined) delete process.env.COSIGN_PASSWORD;
    else process.env.COSIGN_PASSWORD = saved;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts the router as its own process and slot a behind it; a GET through the public port answers; stop leaves no process', async () => {
    const routers = await start();
    expect(routers.routers).toHaveLength(1); // the service without blue_green gets no router
    const [router] = routers.routers;
    expect(router).toMatchObject({
      service: 'demo-api',
      url: `http://127.0.0.1:${ports.port}`,
      socketPath: routerPaths(config.dataDir, 'demo-api').socket,
      live: 'a',
    });
    expect(router?.pid).not.toBe(process.pid);
    const health = (await (await fetch(`${router?.url}/health`)).json()) as {
      demo_lib: string;
      prefix: string;
    };
    expect(health.demo_lib).toBe('1.0.0');
    const price = await fetch(`${router?.url}/api/price`);
    expect(price.status).toBe(200);
    expect(await price.json()).toEqual({ price: 100 });
    const state = await new RouterClient(router?.socketPath as string).state();
    expect(state).toMatchObject({ active: 'blue', upstreams: { blue: `http://127.0.0.1:${ports.a}` } });
    // the route state is persisted where the runner's deployment expects it
    expect(fs.existsSync(routerPaths(config.dataDir, 'demo-api').stateFile)).toBe(true);
    const blue = slotState('a').pid;
    expect(alive(blue)).toBe(true);

    await routers.stop();
    expect(alive(router?.pid as number)).toBe(false);
    expect(alive(blue)).toBe(false);
    expect(await isPortInUse(ports.port, '127.0.0.1')).toBe(false);
    expect(await isPortInUse(ports.a, '127.0.0.1')).toBe(false);
  });

  it('follows the persisted deployment state: with slot b live, b is started and is blue', async () => {
    const stateFile = path.join(config.dataDir, 'runner', 'services', 'demo-api.bluegreen.json');
    fs.writeFileSync(stateFile, JSON.stringify({ live: 'b', candidate: null, promoted: null }));
    try {
      const routers = await start();
      expect(routers.routers[0]?.live).toBe('b');
      const state = await new RouterClient(routers.routers[0]?.socketPath as string).state();
      expect(state.upstreams.blue).toBe(`http://127.0.0.1:${ports.b}`);
      expect((await fetch(`http://127.0.0.1:${ports.port}/health`)).status).toBe(200);
      expect(await isPortInUse(ports.a, '127.0.0.1')).toBe(false);
      const pid = slotState('b').pid;
      await routers.stop();
      expect(alive(pid)).toBe(false);
    } finally {
      fs.writeFileSync(stateFile, JSON.stringify({ live: 'a', candidate: null, promoted: null }));
    }
  });

  it('adopts a router that already runs instead of starting a second one', async () => {
    const first = await start();
    const pid = first.routers[0]?.pid;
    const second = await start();
    expect(second.routers[0]?.pid).toBe(pid);
    await second.stop();
    expect(alive(pid as number)).toBe(false);
  });

  it('refuses a router port taken by something else, and leaves nothing running', async () => {
    const net = await import('node:net');
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(ports.port, '127.0.0.1', resolve));
    try {
      await expect(start()).rejects.toMatchObject({ code: 'ROUTER_PORT_IN_USE' });
      expect(await isPortInUse(ports.a, '127.0.0.1')).toBe(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('without a store starts the router only (no slot), and says so', async () => {
    const lines: string[] = [];
    const routers = await startSiteRouters(config, { routerMain: main, onProgress: (l) => lines.push(l) });
    running.push(routers);
    expect(routers.routers[0]?.live).toBeUndefined();
    expect(await isPortInUse(ports.a, '127.0.0.1')).toBe(false);
    expect(lines.join('\n')).toContain('no artifact store');
    // the router answers on its own (blue is down: a gateway error, not a refused connection)
    expect((await fetch(`http://127.0.0.1:${ports.port}/health`)).status).toBeGreaterThanOrEqual(500);
  });
});
