import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { freePort, isPortInUse } from '../../lib/net';
import { prepareDemoSite } from '../../cli/demo-site';
import { startStack } from '../../cli/stack';
import type { ServiceState } from '../../runner-agents/linux/services/process-driver';
import { ensureRouterBuilt } from '../runner-agents/traffic-router/dist-build';
import { silentLogger } from '../support/logger';

const DEMO_APP = path.resolve(__dirname, '..', '..', 'infra', 'examples', 'demo-api', 'app.py');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startStack with a blue/green service: the router process and the live slot come up and go away with the stack', () => {
  let dir: string;
  const saved = process.env.COSIGN_PASSWORD;
  beforeAll(() => {
    ensureRouterBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-stack-routers-'));
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.COSIGN_PASSWORD;
    else process.env.COSIGN_PASSWORD = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves GET through the router on the public port; stop() leaves no router or slot process', async () => {
    delete process.env.COSIGN_PASSWORD;
    const port = await freePort();
    const slots = [await freePort(), await freePort()];
    const yaml = [
      'data_dir: ./data',
      `temporal: { port: ${await freePort()}, ui_port: ${await freePort()} }`,
      'hosts: [{ id: local, os: linux }]',
      'services:',
      '  - name: demo-api',
      '    host: local',
      '    kind: python',
      '    install_path: ./services/demo-api',
      `    start_command: ["{venv}/bin/python", ${JSON.stringify(DEMO_APP)}]`,
      '    audit: [demo_lib]',
      `    blue_green: { port: ${port}, slots: [${slots.join(', ')}] }`,
    ];
    fs.writeFileSync(path.join(dir, 'hale.yaml'), `${yaml.join('\n')}\n`);
    const config = loadConfig({ path: path.join(dir, 'hale.yaml'), env: {} });
    await prepareDemoSite(config, { say: () => undefined });

    const lines: string[] = [];
    const stack = await startStack({
      config,
      log: silentLogger,
      onProgress: (l) => lines.push(l),
      parts: { api: false, control: false },
    });
    let routerPid = 0;
    let slotPid = 0;
    try {
      expect(stack.routers).toEqual([
        expect.objectContaining({ service: 'demo-api', url: `http://127.0.0.1:${port}`, live: 'a' }),
      ]);
      routerPid = stack.routers[0]?.pid as number;
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { demo_lib: string }).demo_lib).toBe('1.0.0');
      const state = JSON.parse(
        fs.readFileSync(path.join(config.dataDir, 'runner', 'services', 'demo-api@a.state.json'), 'utf8'),
      ) as ServiceState;
      slotPid = state.pid;
      expect(alive(routerPid) && alive(slotPid)).toBe(true);
      expect(lines.join('\n')).toContain(`traffic router for demo-api on http://127.0.0.1:${port}`);
    } finally {
      await stack.stop();
    }
    expect(alive(routerPid)).toBe(false);
    expect(alive(slotPid)).toBe(false);
    expect(await isPortInUse(port, '127.0.0.1')).toBe(false);
    expect(await isPortInUse(slots[0] as number, '127.0.0.1')).toBe(false);
  });
});
