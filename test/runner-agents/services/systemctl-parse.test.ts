import {
  checkServiceUnit,
  classifyFailure,
  parseDropIns,
  parseIsActive,
  parseShow,
  parseWarnings,
  startVerdict,
  systemctlPlans,
  unitNameViolation,
} from '../../../runner-agents/linux/services';
import { loadFixture } from '../windows/replay-executor';
import { UNIT } from './systemd-replay';

const out = (exitCode: number, stdout = '', stderr = '') => ({ exitCode, stdout, stderr });
const fixture = (name: string) => loadFixture(`systemd/${name}`).output;

describe('unit names (systemd unit_name_is_valid + the driver rules)', () => {
  it.each([
    ['payments-api.service'],
    ['getty@tty1.service'],
    ['a:b_c.d\\x2dx.service'],
    ['x'.repeat(247) + '.service'],
  ])('accepts %s', (name) => {
    expect(checkServiceUnit(name)).toBe(name);
  });

  it.each([
    ['', 'empty'],
    ['x'.repeat(248) + '.service', 'length'],
    ['payments-api', 'suffix'],
    ['payments-api.servic', 'suffix'],
    ['.service', 'prefix'],
    ['@x.service', 'prefix'],
    ['pay/ments.service', 'charset'],
    ['pay ments.service', 'charset'],
    ['pay;rm -rf.service', 'charset'],
    ['getty@.service', 'instance'],
    ['payments-api.socket', 'service-type'],
    ['-x.service', 'leading-dash'],
  ])('refuses %j (rule %s)', (name, rule) => {
    expect(() => checkServiceUnit(name)).toThrow(
      expect.objectContaining({ code: 'SYSTEMD_UNIT_INVALID', details: { unit: name, rule } }),
    );
  });

  it('knows the unit types: -.mount and a template are valid unit names, not services to run', () => {
    expect(unitNameViolation('-.mount')).toBeUndefined();
    expect(unitNameViolation('getty@.service')).toBeUndefined();
    expect(unitNameViolation('foo.unit')).toBe('suffix');
  });
});

describe('systemctl output parsers', () => {
  const show = systemctlPlans.show(UNIT);

  it('reads systemctl show in D-Bus order, values with "=" and all', () => {
    expect(parseShow(UNIT, show, fixture('show-running'))).toEqual({
      unit: UNIT,
      loadState: 'loaded',
      activeState: 'active',
      subState: 'running',
      mainPid: 48213,
      nRestarts: 0,
      execMainStartMonotonicUs: 893412775201n,
      result: 'success',
    });
  });

  it('refuses show output with a property missing or malformed, or a foreign line', () => {
    const good = fixture('show-running').stdout;
    const unparsable = expect.objectContaining({ code: 'SYSTEMD_OUTPUT_UNPARSABLE' });
    expect(() => parseShow(UNIT, show, out(0, good.replace('NRestarts=0\n', '')))).toThrow(unparsable);
    expect(() => parseShow(UNIT, show, out(0, good.replace('MainPID=48213', 'MainPID=[not set]')))).toThrow(
      unparsable,
    );
    expect(() => parseShow(UNIT, show, out(0, `${good}● payments-api.service\n`))).toThrow(unparsable);
  });

  it('turns a failed show into SYSTEMD_UNAVAILABLE when there is no systemd', () => {
    const notBooted = out(
      1,
      '',
      "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n",
    );
    expect(() => parseShow(UNIT, show, notBooted)).toThrow(
      expect.objectContaining({
        code: 'SYSTEMD_UNAVAILABLE',
        details: expect.objectContaining({ exitCode: 1 }),
      }),
    );
  });

  it('reads is-active by exit code: 0 active, 3 not running, 4 no such unit (systemd >= 253)', () => {
    const c = systemctlPlans.isActive(UNIT);
    expect(parseIsActive(UNIT, c, fixture('is-active-active'))).toEqual({
      active: true,
      state: 'active',
      notFound: false,
    });
    expect(parseIsActive(UNIT, c, fixture('is-active-activating'))).toEqual({
      active: false,
      state: 'activating',
      notFound: false,
    });
    expect(parseIsActive(UNIT, c, out(3, 'inactive\n'))).toMatchObject({ active: false, notFound: false });
    expect(parseIsActive(UNIT, c, out(4, 'inactive\n'))).toMatchObject({ active: false, notFound: true });
    expect(parseIsActive(UNIT, c, out(0, 'reloading\n')).active).toBe(true);
    // The exit code and the word must agree.
    expect(() => parseIsActive(UNIT, c, out(0, 'failed\n'))).toThrow(
      expect.objectContaining({ code: 'SYSTEMD_OUTPUT_UNPARSABLE' }),
    );
    expect(() => parseIsActive(UNIT, c, out(1, '', 'Failed to connect to bus: Host is down\n'))).toThrow(
      expect.objectContaining({ code: 'SYSTEMD_UNAVAILABLE' }),
    );
  });

  it('reads DropInPaths (space separated, empty allowed) and NeedDaemonReload', () => {
    const c = systemctlPlans.showDropIns(UNIT);
    expect(parseDropIns(UNIT, c, fixture('show-dropins-loaded'))).toEqual({
      dropInPaths: [
        `/usr/lib/systemd/system/${UNIT}.d/10-vendor.conf`,
        `/etc/systemd/system/${UNIT}.d/50-hale-limits.conf`,
      ],
      needDaemonReload: false,
    });
    expect(parseDropIns(UNIT, c, fixture('show-dropins-none')).dropInPaths).toEqual([]);
  });

  it('classifies failures by message and exit code', () => {
    expect(classifyFailure(fixture('restart-job-failed'))).toMatchObject({
      reason: 'job-failed',
      exitCode: 1,
    });
    expect(classifyFailure(fixture('restart-not-found'))).toEqual({
      reason: 'unit-not-found',
      exitCode: 5,
      message: `Failed to restart ${UNIT}: Unit ${UNIT} not found.`,
    });
    expect(classifyFailure(fixture('stop-not-loaded')).reason).toBe('unit-not-found');
    expect(classifyFailure(fixture('reload-not-applicable')).reason).toBe('not-applicable');
    expect(classifyFailure(fixture('daemon-reload-denied')).reason).toBe('access-denied');
    expect(classifyFailure(out(1, '', `Failed to restart ${UNIT}: Unit ${UNIT} is masked.\n`)).reason).toBe(
      'masked',
    );
    expect(
      classifyFailure(
        out(1, '', `Job for ${UNIT} failed because a timeout was exceeded.\nSee "systemctl status".\n`),
      ),
    ).toMatchObject({ reason: 'job-failed', why: 'a timeout was exceeded' });
  });

  it('reads the socket-activation warning of stop', () => {
    expect(parseWarnings(fixture('stop-socket-activated'))).toEqual({
      triggeredBy: ['payments-api.socket'],
      changedOnDisk: false,
    });
    expect(parseWarnings(fixture('stop-ok')).triggeredBy).toEqual([]);
  });

  it('judges the state after a start job', () => {
    const verdict = (name: string) => startVerdict(parseShow(UNIT, show, fixture(name))).reason;
    expect(
      [
        'show-running',
        'show-start-post',
        'show-auto-restart',
        'show-failed',
        'show-inactive',
        'show-not-found',
      ].map(verdict),
    ).toEqual(['running', 'wait', 'crashed', 'not-active', 'not-active', 'unit-not-found']);
  });
});
