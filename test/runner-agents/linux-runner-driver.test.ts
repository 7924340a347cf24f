import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LinuxRunner } from '../../runner-agents/linux/linux-runner';
import { systemdRunning } from '../../runner-agents/linux/services';

describe('LinuxRunner picks the service driver by host', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-driver-choice-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const service = {
    name: 'payments-api',
    process: { name: 'payments-api', command: ['sleep', '30'], cwd: dir, stateDir: path.join(dir, 'run') },
    systemd: { unit: 'payments-api.service' },
  };

  it('uses the supervised-process driver where systemd is not PID 1 (this machine)', async () => {
    expect(systemdRunning()).toBe(false);
    const runner = new LinuxRunner({ services: [service], workDir: dir });
    const r = await runner.restart({ name: 'payments-api' });
    expect(r).toMatchObject({ healthy: true, detail: { pid: expect.any(Number) } });
    process.kill(-(r.detail.pid as number), 'SIGKILL');
  });

  it('forced to systemd here, it runs the real systemctl and reports that systemd is not running', async () => {
    const runner = new LinuxRunner({ services: [service], workDir: dir, serviceDriver: 'systemd' });
    await expect(runner.restart({ name: 'payments-api' })).rejects.toMatchObject({
      code: 'SERVICE_START_FAILED',
      message: expect.stringContaining('System has not been booted with systemd'),
    });
  });
});
