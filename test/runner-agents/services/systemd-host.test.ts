import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localExecutor } from '../../../runner-agents/linux/local-executor';
import {
  ProcessDriver,
  SystemdDriver,
  systemdRunning,
  type ServiceDriver,
} from '../../../runner-agents/linux/services';

const hasSystemctl = (() => {
  try {
    execFileSync('systemctl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('systemd on this host', () => {
  it('systemdRunning() agrees with what PID 1 is', () => {
    const pid1 = fs.readFileSync('/proc/1/comm', 'utf8').trim();
    expect(systemdRunning()).toBe(pid1 === 'systemd');
  });

  it('systemdRunning(root) looks for the run/systemd/system directory under root', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-sdroot-'));
    try {
      expect(systemdRunning(root)).toBe(false);
      fs.mkdirSync(path.join(root, 'run', 'systemd'), { recursive: true });
      fs.writeFileSync(path.join(root, 'run', 'systemd', 'system'), ''); // a file is not enough
      expect(systemdRunning(root)).toBe(false);
      fs.rmSync(path.join(root, 'run', 'systemd', 'system'));
      fs.mkdirSync(path.join(root, 'run', 'systemd', 'system'));
      expect(systemdRunning(root)).toBe(true);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  // Read-only either way: `systemctl show` of a unit that does not exist.
  (hasSystemctl ? it : it.skip)(
    'the real systemctl through localExecutor: unavailable here, or not-found on a systemd host',
    async () => {
      const driver = new SystemdDriver(
        { name: 'probe', unit: 'hale-test-does-not-exist.service' },
        localExecutor(),
      );
      if (systemdRunning()) {
        const s = await driver.status();
        expect(s).toMatchObject({ running: false, systemd: { loadState: 'not-found' } });
      } else {
        await expect(driver.status()).rejects.toMatchObject({
          code: 'SYSTEMD_UNAVAILABLE',
          details: { reason: 'systemd-unavailable' },
        });
        await expect(driver.restart()).rejects.toMatchObject({
          code: 'SERVICE_START_FAILED',
          details: { reason: 'systemd-unavailable' },
        });
      }
      expect(driver.commands()[0]?.argv.slice(0, 3)).toEqual([
        'systemctl',
        'show',
        'hale-test-does-not-exist.service',
      ]);
    },
  );

  it('both drivers satisfy ServiceDriver', () => {
    const drivers: ServiceDriver[] = [
      new ProcessDriver({ name: 'x', command: ['true'], cwd: '/', stateDir: os.tmpdir() }),
      new SystemdDriver({ name: 'x', unit: 'x.service' }, localExecutor()),
    ];
    for (const d of drivers) {
      for (const m of ['start', 'stop', 'restart', 'status', 'waitHealthy'] as const)
        expect(typeof d[m]).toBe('function');
    }
  });
});
