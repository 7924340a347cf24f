import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  SystemdDriver,
  readUnitDropInSnapshot,
  renderUnitDropIn,
} from '../../../runner-agents/linux/services';
import { DAEMON_RELOAD, SHOW_DROPINS, SystemdReplay, UNIT, codeOf, fakeClock } from './systemd-replay';

const NOW = new Date('2024-05-14T10:32:07.000Z');
const LIMITS = {
  Service: { LimitNOFILE: 65536, Environment: ['GOMAXPROCS=2', 'LOG_LEVEL=info'], MemoryMax: '1G' },
};

describe('unit drop-ins under a scratch root prefix (the real /etc is never touched)', () => {
  let root: string;
  const dropIn = () => path.join(root, 'etc', 'systemd', 'system', `${UNIT}.d`, '50-hale-limits.conf');
  const driver = (fixtures: string[]) => {
    const replay = new SystemdReplay(fixtures);
    return {
      replay,
      d: new SystemdDriver({ name: 'payments-api', unit: UNIT, rootPrefix: root }, replay, fakeClock()),
    };
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-systemd-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes 50-hale-<name>.conf atomically, daemon-reloads, and checks DropInPaths', async () => {
    const { replay, d } = driver(['daemon-reload-ok', 'show-dropins-loaded']);
    const w = await d.writeDropIn('limits', LIMITS, NOW);
    expect(w.file).toBe(dropIn());
    expect(w.systemPath).toBe(`/etc/systemd/system/${UNIT}.d/50-hale-limits.conf`);
    expect(fs.readFileSync(dropIn(), 'utf8')).toBe(
      [
        '# Managed by Hale (limits); changes here are overwritten.',
        '',
        '[Service]',
        'Environment=GOMAXPROCS=2',
        'Environment=LOG_LEVEL=info',
        'LimitNOFILE=65536',
        'MemoryMax=1G',
        '',
      ].join('\n'),
    );
    expect(fs.readdirSync(path.dirname(dropIn()))).toEqual(['50-hale-limits.conf']); // no temp file left
    expect(replay.argvs()).toEqual([DAEMON_RELOAD, SHOW_DROPINS]);
    expect(w.loaded.dropInPaths).toContain(w.systemPath);
    expect(w.snapshot).toMatchObject({ existed: false, previous: null });
  });

  it('restores the previous content exactly from the snapshot file, then daemon-reloads and checks', async () => {
    fs.mkdirSync(path.dirname(dropIn()), { recursive: true });
    const before = '# an operator wrote this\n[Service]\nLimitNOFILE=4096\n';
    fs.writeFileSync(dropIn(), before);
    const { replay, d } = driver(['daemon-reload-ok', 'show-dropins-loaded']);
    const w = await d.writeDropIn('limits', LIMITS, NOW);
    expect(w.changed).toBe(true);
    expect(readUnitDropInSnapshot(w.snapshot.snapshotFile)).toMatchObject({
      existed: true,
      previous: before,
    });

    expect(await d.restoreDropIn(w.snapshot.snapshotFile)).toEqual({ file: dropIn(), restored: 'content' });
    expect(fs.readFileSync(dropIn(), 'utf8')).toBe(before);
    expect(replay.argvs()).toEqual([DAEMON_RELOAD, SHOW_DROPINS, DAEMON_RELOAD, SHOW_DROPINS]);
  });

  it('restoring a drop-in that did not exist removes it; systemd must no longer list it', async () => {
    const { d } = driver(['daemon-reload-ok', 'show-dropins-loaded', 'show-dropins-vendor-only']);
    const w = await d.writeDropIn('limits', LIMITS, NOW);
    expect(await d.restoreDropIn(w.snapshot)).toMatchObject({ restored: 'removed' });
    expect(fs.existsSync(dropIn())).toBe(false);

    // systemd still listing it after the reload is an error, not a silent success.
    const stale = driver(['daemon-reload-ok', 'show-dropins-loaded']);
    const again = await stale.d.writeDropIn('limits', LIMITS, NOW);
    expect(await codeOf(stale.d.restoreDropIn(again.snapshot))).toMatchObject({
      code: 'SYSTEMD_DROPIN_NOT_LOADED',
      details: { expected: false },
    });
  });

  it('a failed daemon-reload puts the old file back and is SYSTEMD_DAEMON_RELOAD_FAILED', async () => {
    fs.mkdirSync(path.dirname(dropIn()), { recursive: true });
    fs.writeFileSync(dropIn(), '[Service]\nLimitNOFILE=4096\n');
    const { replay, d } = driver(['daemon-reload-denied']);
    const r = await codeOf(d.writeDropIn('limits', LIMITS, NOW));
    expect(r).toMatchObject({
      code: 'SYSTEMD_DAEMON_RELOAD_FAILED',
      details: { restored: 'content', reason: 'access-denied' },
    });
    expect(fs.readFileSync(dropIn(), 'utf8')).toBe('[Service]\nLimitNOFILE=4096\n');
    expect(replay.argvs()).toEqual([DAEMON_RELOAD]);
  });

  it('a drop-in systemd did not load is SYSTEMD_DROPIN_NOT_LOADED, and the new file is removed again', async () => {
    const { d } = driver(['daemon-reload-ok', 'show-dropins-none']);
    const r = await codeOf(d.writeDropIn('limits', LIMITS, NOW));
    expect(r).toMatchObject({
      code: 'SYSTEMD_DROPIN_NOT_LOADED',
      details: { restored: 'removed', dropInPaths: [] },
    });
    expect(fs.existsSync(dropIn())).toBe(false);
  });

  it.each([
    ['a lowercase directive', { Service: { limitnofile: 1 } }, 'Service.limitnofile'],
    [
      'a value with a newline',
      { Service: { Environment: 'A=1\nExecStartPre=/bin/sh' } },
      'Service.Environment',
    ],
    [
      'a trailing backslash (a continuation line)',
      { Service: { ExecStart: '/bin/true \\' } },
      'Service.ExecStart',
    ],
    ['an unknown section', { Socket: { ListenStream: 80 } }, 'Socket'],
    ['a fractional number', { Service: { Nice: 1.5 } }, 'Service.Nice'],
  ])('refuses %s before anything is written or run', async (_what, sections, field) => {
    const { replay, d } = driver([]);
    const r = await codeOf(d.writeDropIn('limits', sections as never, NOW));
    expect(r).toMatchObject({ code: 'SYSTEMD_DROPIN_INVALID', details: { field } });
    expect(fs.existsSync(path.join(root, 'etc'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'var'))).toBe(false);
    expect(replay.calls).toEqual([]);
  });

  it('renders booleans as yes/no, a leading empty value as a list reset, and sections in unit order', () => {
    expect(
      renderUnitDropIn('exec', {
        Service: { ExecStart: ['', '/opt/pay/bin/api --port 8080'], NoNewPrivileges: true },
        Unit: { After: 'network-online.target' },
      }),
    ).toBe(
      [
        '# Managed by Hale (exec); changes here are overwritten.',
        '',
        '[Unit]',
        'After=network-online.target',
        '',
        '[Service]',
        'ExecStart=',
        'ExecStart=/opt/pay/bin/api --port 8080',
        'NoNewPrivileges=yes',
        '',
      ].join('\n'),
    );
    expect(() => renderUnitDropIn('../x', { Service: { A: 1 } })).toThrow(
      expect.objectContaining({ code: 'SYSTEMD_DROPIN_INVALID', details: { field: 'name' } }),
    );
  });

  it('refuses a snapshot of another unit or root', async () => {
    const { d } = driver(['daemon-reload-ok', 'show-dropins-loaded']);
    const w = await d.writeDropIn('limits', LIMITS, NOW);
    const other = new SystemdDriver(
      { name: 'x', unit: 'billing.service', rootPrefix: root },
      new SystemdReplay([]),
    );
    expect(await codeOf(other.restoreDropIn(w.snapshot))).toMatchObject({ code: 'SYSTEMD_SNAPSHOT_INVALID' });
    const elsewhere = new SystemdDriver(
      { name: 'x', unit: UNIT, rootPrefix: os.tmpdir() },
      new SystemdReplay([]),
    );
    expect(await codeOf(elsewhere.restoreDropIn(w.snapshot))).toMatchObject({
      code: 'SYSTEMD_SNAPSHOT_INVALID',
    });
  });
});
