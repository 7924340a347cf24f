import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExecResult } from '../../../runner-agents/linux/exec';
import {
  applySysctl,
  dropInPath,
  readSysctl,
  restoreSysctlDropIn,
  writeSysctlDropIn,
} from '../../../runner-agents/linux/sysctl';

describe('sysctl drop-ins under a scratch root prefix (the real machine is never changed)', () => {
  let root: string;
  const fakeProc = (key: string, value: string) => {
    const f = path.join(root, 'proc', 'sys', ...key.split('.'));
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, `${value}\n`);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-sysctl-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes NN-hale-<name>.conf atomically with sorted key = value lines', () => {
    const w = writeSysctlDropIn({
      rootPrefix: root,
      name: 'net-tuning',
      settings: {
        'vm.swappiness': 10,
        'net.core.somaxconn': '4096',
        'net.ipv4.tcp_rmem': '4096 87380 6291456',
      },
    });
    expect(w.file).toBe(path.join(root, 'etc', 'sysctl.d', '90-hale-net-tuning.conf'));
    expect(w.changed).toBe(true);
    expect(fs.readFileSync(w.file, 'utf8')).toBe(
      [
        '# Managed by Hale (net-tuning); changes here are overwritten.',
        'net.core.somaxconn = 4096',
        'net.ipv4.tcp_rmem = 4096 87380 6291456',
        'vm.swappiness = 10',
        '',
      ].join('\n'),
    );
    expect(fs.readdirSync(path.dirname(w.file))).toEqual(['90-hale-net-tuning.conf']); // no temp files left
    expect(dropInPath(root, 'x', 20)).toBe(path.join(root, 'etc', 'sysctl.d', '20-hale-x.conf'));
  });

  it('keeps the previous content as a snapshot and restores it (or removes a new file)', () => {
    const first = writeSysctlDropIn({ rootPrefix: root, name: 'vm', settings: { 'vm.swappiness': 60 } });
    expect(first.snapshot).toMatchObject({ existed: false, previous: null, file: first.file });
    const v1 = fs.readFileSync(first.file, 'utf8');

    const second = writeSysctlDropIn({ rootPrefix: root, name: 'vm', settings: { 'vm.swappiness': 10 } });
    expect(second.snapshot).toMatchObject({ existed: true, previous: v1 });
    expect(fs.existsSync(second.snapshot.snapshotFile)).toBe(true);
    expect(fs.readFileSync(second.file, 'utf8')).toContain('vm.swappiness = 10');

    // Restore from the snapshot file on disk (as another process would after a crash).
    expect(restoreSysctlDropIn(second.snapshot.snapshotFile)).toEqual({
      file: second.file,
      restored: 'content',
    });
    expect(fs.readFileSync(second.file, 'utf8')).toBe(v1);
    expect(restoreSysctlDropIn(first.snapshot)).toEqual({ file: first.file, restored: 'removed' });
    expect(fs.existsSync(first.file)).toBe(false);

    const same = writeSysctlDropIn({ rootPrefix: root, name: 'vm', settings: { 'vm.swappiness': 60 } });
    expect(
      writeSysctlDropIn({ rootPrefix: root, name: 'vm', settings: { 'vm.swappiness': 60 } }).changed,
    ).toBe(false);
    expect(same.changed).toBe(true);
  });

  it.each([
    ['../evil', 'SYSCTL_NAME_INVALID'],
    ['a/b', 'SYSCTL_NAME_INVALID'],
    ['a..b', 'SYSCTL_NAME_INVALID'],
    ['Upper', 'SYSCTL_NAME_INVALID'],
    ['', 'SYSCTL_NAME_INVALID'],
  ])('refuses the name %j', (name, code) => {
    expect(() => writeSysctlDropIn({ rootPrefix: root, name, settings: { 'vm.swappiness': 1 } })).toThrow(
      expect.objectContaining({ code }),
    );
    expect(fs.existsSync(path.join(root, 'etc'))).toBe(false);
  });

  it.each([
    [{ 'Net.Core': 1 }, 'SYSCTL_KEY_INVALID'],
    [{ 'net/core/somaxconn': 1 }, 'SYSCTL_KEY_INVALID'],
    [{ 'net..core': 1 }, 'SYSCTL_KEY_INVALID'],
    [{ '.net.core': 1 }, 'SYSCTL_KEY_INVALID'],
    [{ 'kernel.core_pattern': '|/tmp/x' }, 'SYSCTL_VALUE_INVALID'],
    [{ 'vm.swappiness': '10\nkernel.modules_disabled = 1' }, 'SYSCTL_VALUE_INVALID'],
    [{ 'vm.swappiness': 1.5 }, 'SYSCTL_VALUE_INVALID'],
    [{ 'vm.swappiness': '' }, 'SYSCTL_VALUE_INVALID'],
    [{}, 'SYSCTL_VALUE_INVALID'],
  ])('refuses the settings %j before writing anything', (settings, code) => {
    expect(() => writeSysctlDropIn({ rootPrefix: root, name: 'bad', settings })).toThrow(
      expect.objectContaining({ code }),
    );
    expect(fs.existsSync(path.join(root, 'etc'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'var'))).toBe(false);
  });

  it('readSysctl maps key dots to /proc/sys path segments under the prefix', () => {
    fakeProc('net.ipv4.tcp_rmem', '4096\t87380\t6291456');
    expect(readSysctl('net.ipv4.tcp_rmem', root)).toBe('4096 87380 6291456');
    expect(readSysctl('net.ipv4.missing', root)).toBeUndefined();
    expect(() => readSysctl('../../etc/passwd', root)).toThrow(
      expect.objectContaining({ code: 'SYSCTL_KEY_INVALID' }),
    );
  });

  it('with a prefix other than / it runs nothing, plans `sysctl --system` and reads values back', async () => {
    writeSysctlDropIn({
      rootPrefix: root,
      name: 'vm',
      settings: { 'vm.swappiness': 10, 'net.core.somaxconn': 4096 },
    });
    fakeProc('vm.swappiness', '60');
    fakeProc('net.core.somaxconn', '4096');
    const run = jest.fn();
    const r = await applySysctl({ rootPrefix: root, run });
    expect(run).not.toHaveBeenCalled();
    expect(r).toEqual({
      mode: 'planned',
      command: ['sysctl', '--system'],
      expected: { 'net.core.somaxconn': '4096', 'vm.swappiness': '10' },
      values: { 'net.core.somaxconn': '4096', 'vm.swappiness': '60' },
      mismatched: ['vm.swappiness'],
    });
  });

  it('with prefix / it runs exactly `sysctl --system` through the given runner (faked here)', async () => {
    const ok: ExecResult = { exitCode: 0, signal: null, stdout: '', stderr: '', durationMs: 1 };
    const run = jest.fn(async () => ok);
    const r = await applySysctl({ rootPrefix: '/', run });
    expect(run).toHaveBeenCalledWith(['sysctl', '--system']);
    expect(r.mode).toBe('applied');
    const failing = jest.fn(async () => ({ ...ok, exitCode: 1, stderr: 'permission denied' }));
    await expect(applySysctl({ rootPrefix: '/', run: failing })).rejects.toMatchObject({
      code: 'SYSCTL_APPLY_FAILED',
    });
  });
});
