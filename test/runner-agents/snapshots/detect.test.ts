import fs from 'node:fs';
import path from 'node:path';
import { detectSnapshotMechanism, type DmLookup } from '../../../runner-agents/linux/snapshots';

const sample = (name: string) =>
  fs.readFileSync(path.join(__dirname, 'samples', `${name}.mountinfo`), 'utf8');
const now = new Date('2024-05-14T10:32:07.123Z');
const NAME = 'hale-20240514T103207123Z';
const argvs = (plan: { program: string; args: string[] }[]) => plan.map((c) => [c.program, ...c.args]);

describe('snapshot mechanism per path (hand-written mountinfo samples)', () => {
  it('btrfs: read-only snapshot of the subvolume, rsync restore of the path', () => {
    const c = detectSnapshotMechanism('/home/deploy/app', { mountinfo: sample('btrfs'), now });
    expect(c).toMatchObject({
      mechanism: 'btrfs',
      mount: '/home',
      device: '/dev/nvme0n1p3',
      fsType: 'btrfs',
      snapshotName: NAME,
      btrfs: { subvolume: '/home', subvolumeMount: '/home', snapshotPath: `/home/.hale-snapshots/${NAME}` },
    });
    expect(argvs(c.plan)).toEqual([
      ['mkdir', '-p', '/home/.hale-snapshots'],
      ['btrfs', 'subvolume', 'snapshot', '-r', '/home', `/home/.hale-snapshots/${NAME}`],
    ]);
    expect(argvs(c.rollbackPlan)).toEqual([
      ['rsync', '-aHAX', '--delete', `/home/.hale-snapshots/${NAME}/deploy/app/`, '/home/deploy/app/'],
    ]);
  });

  it('btrfs: at the subvolume root the restore leaves the snapshots directory alone; escaped names work', () => {
    const c = detectSnapshotMechanism('/srv/app data', { mountinfo: sample('btrfs'), now });
    expect(c).toMatchObject({
      mechanism: 'btrfs',
      mount: '/srv/app data',
      btrfs: { subvolume: '/@srv data' },
    });
    expect(argvs(c.rollbackPlan)).toEqual([
      [
        'rsync',
        '-aHAX',
        '--delete',
        '--exclude=/.hale-snapshots',
        `/srv/app data/.hale-snapshots/${NAME}/`,
        '/srv/app data/',
      ],
    ]);
  });

  it('btrfs: a bind mount of a directory inside a subvolume snapshots the subvolume where it is mounted', () => {
    const c = detectSnapshotMechanism('/opt/releases/r42', { mountinfo: sample('btrfs'), now });
    expect(c).toMatchObject({
      mechanism: 'btrfs',
      mount: '/opt/releases',
      btrfs: { subvolumeMount: '/home' },
    });
    expect(argvs(c.plan)[1]).toEqual([
      'btrfs',
      'subvolume',
      'snapshot',
      '-r',
      '/home',
      `/home/.hale-snapshots/${NAME}`,
    ]);
    expect(argvs(c.rollbackPlan)[0]?.slice(-2)).toEqual([
      `/home/.hale-snapshots/${NAME}/deploy/releases/r42/`,
      '/opt/releases/r42/',
    ]);
  });

  it('btrfs: a subvolume whose root is mounted nowhere cannot be snapshotted from here: none', () => {
    const c = detectSnapshotMechanism('/var/lib/pay', { mountinfo: sample('btrfs'), now });
    expect(c).toMatchObject({ mechanism: 'none', fsType: 'btrfs', plan: [], rollbackPlan: [] });
    expect(c.reason).toMatch(/subvolume \/@var is not mounted/);
  });

  it('zfs: the mount source is the dataset; child datasets are their own mounts', () => {
    const c = detectSnapshotMechanism('/srv/payments/current', { mountinfo: sample('zfs'), now });
    expect(c).toMatchObject({
      mechanism: 'zfs',
      device: 'tank/srv/payments',
      zfs: { dataset: 'tank/srv/payments' },
    });
    expect(argvs(c.plan)).toEqual([['zfs', 'snapshot', `tank/srv/payments@${NAME}`]]);
    expect(argvs(c.rollbackPlan)).toEqual([['zfs', 'rollback', `tank/srv/payments@${NAME}`]]);
    const child = detectSnapshotMechanism('/srv/payments/uploads/2024', { mountinfo: sample('zfs'), now });
    expect(child.zfs?.dataset).toBe('tank/srv/payments/uploads');
    expect(detectSnapshotMechanism('/etc', { mountinfo: sample('zfs'), now }).zfs?.dataset).toBe(
      'rpool/ROOT/ubuntu_k3x9q2',
    );
    expect(detectSnapshotMechanism('/mnt/restore/x', { mountinfo: sample('zfs'), now }).mechanism).toBe(
      'none',
    );
  });

  it('lvm: /dev/mapper/<vg>-<lv> with -- decoded, and /dev/<vg>/<lv>; lvcreate --snapshot and lvconvert --merge', () => {
    const srv = detectSnapshotMechanism('/srv/payments', {
      mountinfo: sample('lvm'),
      now,
      lvmSnapshotSize: '4G',
    });
    expect(srv).toMatchObject({
      mechanism: 'lvm',
      fsType: 'xfs',
      device: '/dev/mapper/data--vg-srv--data',
      lvm: { vg: 'data-vg', lv: 'srv-data', snapshotLv: `data-vg/${NAME}`, size: '4G' },
    });
    expect(argvs(srv.plan)).toEqual([
      ['lvcreate', '--snapshot', '--name', NAME, '--size', '4G', 'data-vg/srv-data'],
    ]);
    expect(argvs(srv.rollbackPlan)).toEqual([['lvconvert', '--merge', `data-vg/${NAME}`]]);
    expect(srv.reason).toMatch(/not confirmed through \/sys/);

    const pay = detectSnapshotMechanism('/var/lib/payments/db', { mountinfo: sample('lvm'), now });
    expect(pay.lvm).toMatchObject({ vg: 'vg1', lv: 'payments', size: '1G' });
    expect(detectSnapshotMechanism('/etc/hale', { mountinfo: sample('lvm'), now }).lvm).toMatchObject({
      vg: 'vg0',
      lv: 'root',
    });
  });

  it('lvm: the kernel decides when it can be asked; a dm-crypt target named like vg-lv is not LVM', () => {
    const lookup: DmLookup = (device) =>
      ({
        '/dev/mapper/secure-home': {
          name: 'secure-home',
          uuid: 'CRYPT-LUKS2-3f1c2a9e8d1b4c559a0e1b2c3d4e5f60-secure-home',
        },
        '/dev/vg1/payments': { name: 'vg1-payments', uuid: 'LVM-Yc3mXo9dRfTq0vW2' },
      })[device];
    const byNameOnly = detectSnapshotMechanism('/secure/x', { mountinfo: sample('lvm'), now });
    expect(byNameOnly.mechanism).toBe('lvm'); // what the name alone suggests …
    const checked = detectSnapshotMechanism('/secure/x', { mountinfo: sample('lvm'), now, dmLookup: lookup });
    expect(checked).toMatchObject({ mechanism: 'none', plan: [] }); // … and what the kernel says
    expect(checked.reason).toMatch(/device-mapper CRYPT, not LVM/);
    const confirmed = detectSnapshotMechanism('/var/lib/payments', {
      mountinfo: sample('lvm'),
      now,
      dmLookup: lookup,
    });
    expect(confirmed).toMatchObject({ mechanism: 'lvm', lvm: { vg: 'vg1', lv: 'payments' } });
    expect(confirmed.reason).toMatch(/is LVM volume vg1\/payments \(dm vg1-payments\)/);
  });

  it('none: a plain partition, overlay, tmpfs and bind-mounted volumes get app-level snapshots only', () => {
    expect(detectSnapshotMechanism('/boot/grub', { mountinfo: sample('lvm'), now })).toMatchObject({
      mechanism: 'none',
      device: '/dev/sda1',
      fsType: 'ext2',
      plan: [],
      rollbackPlan: [],
    });
    for (const [p, fsType] of [
      ['/opt/app', 'overlay'],
      ['/tmp/x', 'tmpfs'],
      ['/srv/data/db', 'ext4'],
      ['/srv/data (old)/db', 'tmpfs'],
    ] as const) {
      const c = detectSnapshotMechanism(p, { mountinfo: sample('overlay'), now });
      expect({ p, mechanism: c.mechanism, fsType: c.fsType }).toEqual({ p, mechanism: 'none', fsType });
      expect(c.reason).toMatch(/app-level snapshots/);
      expect(c.snapshotName).toBeUndefined();
    }
  });

  it('refuses relative paths, .. and a bad lvcreate size', () => {
    const invalid = (p: string) => () => detectSnapshotMechanism(p, { mountinfo: sample('lvm') });
    expect(invalid('srv/x')).toThrow(expect.objectContaining({ code: 'SNAPSHOT_PATH_INVALID' }));
    expect(invalid('/srv/../etc')).toThrow(expect.objectContaining({ code: 'SNAPSHOT_PATH_INVALID' }));
    expect(() =>
      detectSnapshotMechanism('/srv', { mountinfo: sample('lvm'), lvmSnapshotSize: '4G; rm' }),
    ).toThrow(expect.objectContaining({ code: 'SNAPSHOT_OPTION_INVALID' }));
  });
});
