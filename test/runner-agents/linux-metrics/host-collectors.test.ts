import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import { clockTicks, collectHostMetrics, collectServiceMetrics } from '../../../runner-agents/linux/metrics';

// The real collectors against this machine's /proc and statfs.
describe('collectHostMetrics on this machine', () => {
  let child: ChildProcess;

  beforeAll(async () => {
    child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  });

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('reads plausible host values', async () => {
    const m = await collectHostMetrics({ sampleIntervalMs: 200, diskPath: os.tmpdir() });
    expect(m.cpu_load).toBeGreaterThanOrEqual(0);
    expect(m.cpu_load).toBeLessThan(1000);
    expect(m.mem_used).toBeGreaterThanOrEqual(0);
    expect(m.mem_used).toBeLessThanOrEqual(1);
    expect(m.disk_used).toBeGreaterThanOrEqual(0);
    expect(m.disk_used).toBeLessThanOrEqual(1);
    expect(m.disk_io).toBeGreaterThanOrEqual(0);
    expect(m.net_error_rate).toBeGreaterThanOrEqual(0);
    expect(m.net_error_rate).toBeLessThanOrEqual(1);
    if (m.mem_pressure !== undefined) {
      expect(m.mem_pressure).toBeGreaterThanOrEqual(0);
      expect(m.mem_pressure).toBeLessThanOrEqual(100);
    }
    expect('svc_uptime' in m).toBe(false);
  });

  it('reports the uptime of a spawned process, growing, and the supervisor restart count', async () => {
    expect(await clockTicks()).toBeGreaterThan(0);
    const first = await collectServiceMetrics({ pid: child.pid, restarts: 2 });
    await sleep(1200);
    const second = await collectHostMetrics({
      sampleIntervalMs: 50,
      service: { pid: child.pid, restarts: 2 },
    });
    expect(first.svc_restarts).toBe(2);
    expect(second.svc_restarts).toBe(2);
    expect(first.svc_uptime).toBeGreaterThanOrEqual(0);
    expect(first.svc_uptime).toBeLessThan(120);
    expect(second.svc_uptime! - first.svc_uptime!).toBeGreaterThan(0.9);
    expect(second.svc_uptime! - first.svc_uptime!).toBeLessThan(30);
  });

  it('leaves svc_uptime absent for a pid that is gone and refuses bad options', async () => {
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    const pid = gone.pid!;
    await new Promise((resolve) => gone.once('exit', resolve));
    expect(await collectServiceMetrics({ pid, restarts: 0 })).toEqual({ svc_restarts: 0 });
    await expect(collectHostMetrics({ sampleIntervalMs: 0 })).rejects.toMatchObject({
      code: 'METRICS_OPTION_INVALID',
    });
    await expect(collectServiceMetrics({ pid: -1 })).rejects.toMatchObject({
      code: 'METRICS_OPTION_INVALID',
    });
  });
});
