import { ServiceDriverError, SystemdDriver, SystemdError } from '../../../runner-agents/linux/services';
import { SHOW, SystemdReplay, UNIT, argv, codeOf, fakeClock } from './systemd-replay';

function setup(fixtures: string[], spec: { startTimeoutMs?: number } = {}) {
  const replay = new SystemdReplay(fixtures);
  const clock = fakeClock();
  const driver = new SystemdDriver({ name: 'payments-api', unit: UNIT, pollMs: 250, ...spec }, replay, clock);
  return { replay, clock, driver };
}

describe('SystemdDriver against recorded systemctl 252 outputs', () => {
  it('restart: systemctl restart, then systemctl show; the state comes from MainPID/NRestarts/monotonic start', async () => {
    const { replay, driver } = setup(['restart-ok', 'show-running']);
    const state = await driver.restart();
    expect(replay.argvs()).toEqual([argv('restart'), SHOW]);
    expect(replay.unplanned).toEqual([]);
    expect(state).toMatchObject({ pid: 48213, restarts: 0, venv: null, unit: UNIT });
    // ExecMainStartTimestampMonotonic is 5 s before the fake clock's CLOCK_MONOTONIC.
    expect(state.startedAt).toBe('2024-05-14T10:32:02.000Z');
    expect(driver.commands().map((c) => [c.argv[1], c.exitCode])).toEqual([
      ['restart', 0],
      ['show', 0],
    ]);
  });

  it('start waits while the unit is activating (start-post) and returns once it runs', async () => {
    const { replay, clock, driver } = setup([
      'start-ok',
      'show-start-post',
      'show-start-post',
      'show-running',
    ]);
    const state = await driver.start();
    expect(replay.argvs()).toEqual([argv('start'), SHOW, SHOW, SHOW]);
    expect(clock.sleeps).toEqual([250, 250]);
    expect(state.pid).toBe(48213);
  });

  it('a unit that stays activating past startTimeoutMs is SERVICE_START_FAILED (timeout)', async () => {
    const { replay, driver } = setup(['restart-ok', 'show-start-post'], { startTimeoutMs: 1000 });
    const r = await codeOf(driver.restart());
    expect(r.code).toBe('SERVICE_START_FAILED');
    expect(r.details).toMatchObject({ reason: 'timeout', activeState: 'activating', subState: 'start-post' });
    expect(replay.argvs()).toEqual([argv('restart'), SHOW, SHOW, SHOW, SHOW, SHOW]);
  });

  it('a job that returned but left the unit failed is SERVICE_START_FAILED (not-active), without polling', async () => {
    const { replay, clock, driver } = setup(['restart-ok', 'show-failed']);
    const r = await codeOf(driver.restart());
    expect(r.code).toBe('SERVICE_START_FAILED');
    expect(r.details).toMatchObject({ reason: 'not-active', activeState: 'failed', result: 'exit-code' });
    expect(replay.argvs()).toEqual([argv('restart'), SHOW]);
    expect(clock.sleeps).toEqual([]);
  });

  it('a main process that crashed at once (auto-restart) is SERVICE_START_FAILED (crashed)', async () => {
    const { driver } = setup(['restart-ok', 'show-auto-restart']);
    const r = await codeOf(driver.restart());
    expect(r).toMatchObject({ code: 'SERVICE_START_FAILED', details: { reason: 'crashed', nRestarts: 3 } });
  });

  it("a failed start job is SERVICE_START_FAILED with systemd's reason; nothing else runs", async () => {
    const { replay, driver } = setup(['restart-job-failed']);
    const err = await driver.restart().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceDriverError);
    expect((err as ServiceDriverError).code).toBe('SERVICE_START_FAILED');
    expect((err as ServiceDriverError).details).toMatchObject({
      reason: 'job-failed',
      exitCode: 1,
      why: 'the control process exited with error code',
    });
    expect(replay.argvs()).toEqual([argv('restart')]);
  });

  it('a unit that does not exist is SERVICE_START_FAILED (unit-not-found, exit 5)', async () => {
    const { driver } = setup(['restart-not-found']);
    expect(await codeOf(driver.restart())).toMatchObject({
      code: 'SERVICE_START_FAILED',
      details: { reason: 'unit-not-found', exitCode: 5 },
    });
  });

  it('status: running with uptime and NRestarts; not running for a stopped or missing unit', async () => {
    const running = setup(['show-running-restarted']);
    running.clock.monotonicUs = () => 893498120044n + 90_000_000n;
    const s = await running.driver.status();
    expect(s).toMatchObject({ running: true, uptimeS: 90, state: { pid: 48377, restarts: 2 } });

    const stopped = await setup(['show-inactive']).driver.status();
    expect(stopped).toMatchObject({ running: false, state: undefined, uptimeS: undefined });
    const missing = await setup(['show-not-found']).driver.status();
    expect(missing.running).toBe(false);
    expect(missing.systemd.loadState).toBe('not-found');
  });

  it('stop: systemctl stop, then show must say inactive', async () => {
    const { replay, driver } = setup(['stop-ok', 'show-inactive']);
    await driver.stop();
    expect(replay.argvs()).toEqual([argv('stop'), SHOW]);
  });

  it('a unit its socket starts again after stop is SERVICE_STOP_FAILED, naming the socket', async () => {
    const { driver } = setup(['stop-socket-activated', 'show-running']);
    expect(await codeOf(driver.stop())).toMatchObject({
      code: 'SERVICE_STOP_FAILED',
      details: { reason: 'still-active', activeState: 'active', triggeredBy: ['payments-api.socket'] },
    });
  });

  it('stopping a unit systemd does not know is SERVICE_STOP_FAILED (unit-not-found)', async () => {
    const { replay, driver } = setup(['stop-not-loaded']);
    expect(await codeOf(driver.stop())).toMatchObject({
      code: 'SERVICE_STOP_FAILED',
      details: { reason: 'unit-not-found', exitCode: 5 },
    });
    expect(replay.argvs()).toEqual([argv('stop')]);
  });

  it('reload: systemctl reload, then it must still run; a unit without ExecReload= is SYSTEMD_RELOAD_FAILED', async () => {
    const ok = setup(['reload-ok', 'show-running']);
    expect((await ok.driver.reload()).pid).toBe(48213);
    expect(ok.replay.argvs()).toEqual([argv('reload'), SHOW]);

    const err = await setup(['reload-not-applicable'])
      .driver.reload()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SystemdError);
    expect(err).toMatchObject({
      code: 'SYSTEMD_RELOAD_FAILED',
      details: { reason: 'not-applicable', exitCode: 3 },
    });

    const stopped = await codeOf(setup(['reload-ok', 'show-inactive']).driver.reload());
    expect(stopped).toMatchObject({ code: 'SYSTEMD_RELOAD_FAILED', details: { reason: 'not-active' } });
  });

  it("an executor that cannot run systemctl surfaces as the operation's code with the cause kept", async () => {
    const driver = new SystemdDriver(
      { name: 'payments-api', unit: UNIT },
      {
        run: async () => {
          throw Object.assign(new Error('spawn systemctl ENOENT'), { code: 'ENOENT' });
        },
      },
    );
    const err = (await driver.restart().catch((e: unknown) => e)) as ServiceDriverError;
    expect(err.code).toBe('SERVICE_START_FAILED');
    expect(err.details).toMatchObject({ systemdCode: 'SYSTEMD_COMMAND_FAILED' });
    expect((err.cause as SystemdError).code).toBe('SYSTEMD_COMMAND_FAILED');
    expect(await codeOf(driver.status())).toMatchObject({ code: 'SYSTEMD_COMMAND_FAILED' });
  });

  it('refuses an invalid unit before anything runs', () => {
    const replay = new SystemdReplay([]);
    expect(() => new SystemdDriver({ name: 'x', unit: 'payments-api' }, replay)).toThrow(
      expect.objectContaining({
        code: 'SYSTEMD_UNIT_INVALID',
        details: { unit: 'payments-api', rule: 'suffix' },
      }),
    );
    expect(replay.calls).toEqual([]);
  });
});
