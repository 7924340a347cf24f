import fs from 'node:fs';
import path from 'node:path';
import {
  decodeLvmDmName,
  findMount,
  parseMountInfo,
  superOption,
  unescapeMountField,
} from '../../../runner-agents/linux/snapshots';

const sample = (name: string) =>
  fs.readFileSync(path.join(__dirname, 'samples', `${name}.mountinfo`), 'utf8');

describe('mountinfo parsing (proc(5) format)', () => {
  it('reads every field, optional fields before " - " included', () => {
    const [root, , , , , , escaped] = parseMountInfo(sample('overlay'));
    expect(root).toMatchObject({
      mountId: 612,
      parentId: 540,
      majorMinor: '0:152',
      root: '/',
      mountPoint: '/',
      mountOptions: ['rw', 'relatime'],
      optionalFields: ['master:187'],
      fsType: 'overlay',
      source: 'overlay',
      index: 0,
    });
    expect(root?.superOptions[1]).toBe(
      'lowerdir=/var/lib/docker/overlay2/l/QX7Z:/var/lib/docker/overlay2/l/K2PA',
    );
    expect(escaped).toMatchObject({
      mountPoint: '/srv/data (old)',
      optionalFields: ['master:3', 'propagate_from:2'],
      mountOptions: ['ro', 'relatime'],
    });
    const noOptional = parseMountInfo(sample('overlay'))[1];
    expect(noOptional).toMatchObject({ optionalFields: [], fsType: 'proc', mountPoint: '/proc' });
  });

  it('unescapes \\040 (space), \\011 (tab), \\012 (newline), \\134 (backslash) in root, mount point and options', () => {
    expect(unescapeMountField('/a\\040b\\011c\\012d\\134e')).toBe('/a b\tc\nd\\e');
    const srv = parseMountInfo(sample('btrfs')).find((e) => e.mountId === 64);
    expect(srv).toMatchObject({ root: '/@srv data', mountPoint: '/srv/app data' });
    expect(srv && superOption(srv, 'subvol')).toBe('/@srv data');
    expect(srv && superOption(srv, 'ssd')).toBe('');
    expect(srv && superOption(srv, 'nosuch')).toBeUndefined();
  });

  it('keeps an empty mount source as a field (split on single spaces)', () => {
    const [e] = parseMountInfo('30 1 0:40 / /mnt rw - tmpfs  rw,size=4k\n');
    expect(e).toMatchObject({ fsType: 'tmpfs', source: '', superOptions: ['rw', 'size=4k'] });
  });

  it.each([
    ['no separator', '21 1 253:0 / / rw,relatime shared:1 ext4 /dev/sda1 rw'],
    ['too few fields after the separator', '21 1 253:0 / / rw,relatime - ext4 /dev/sda1'],
    ['a non-numeric mount id', 'x 1 253:0 / / rw - ext4 /dev/sda1 rw'],
    ['a bad major:minor', '21 1 253 / / rw - ext4 /dev/sda1 rw'],
    ['a relative mount point', '21 1 253:0 / mnt rw - ext4 /dev/sda1 rw'],
  ])('refuses %s with its line number', (_why, line) => {
    expect(() => parseMountInfo(`22 1 0:21 / /proc rw - proc proc rw\n${line}\n`)).toThrow(
      expect.objectContaining({ code: 'MOUNTINFO_UNPARSABLE', details: { line: 2 } }),
    );
  });
});

describe('findMount walks the mount tree like path lookup', () => {
  it('takes the deepest covering mount, not a mount that merely shares a prefix', () => {
    const entries = parseMountInfo(sample('lvm'));
    expect(findMount(entries, '/srv/payments/current').mountPoint).toBe('/srv');
    expect(findMount(entries, '/srvx/file').mountPoint).toBe('/');
    expect(findMount(entries, '/var/lib/payments').mountPoint).toBe('/var/lib/payments');
    expect(findMount(entries, '/var/lib/paymentsx').mountPoint).toBe('/');
  });

  it('ends on the top of a stack and skips a mount hidden by a later overmount', () => {
    const entries = parseMountInfo(
      [
        '1 0 254:0 / / rw - ext4 /dev/vda rw',
        '2 1 0:30 / /a/b rw - tmpfs first rw', // mounted first …
        '3 1 0:31 / /a rw - tmpfs over rw', // … then /a is mounted over it: /a/b above is hidden
        '4 3 0:32 / /a rw - tmpfs stacked rw', // stacked on the same point: a child of 3
        '5 4 0:33 / /a/c rw - tmpfs inner rw',
        '',
      ].join('\n'),
    );
    expect(findMount(entries, '/a/b/x').source).toBe('stacked');
    expect(findMount(entries, '/a/c/y').source).toBe('inner');
    expect(findMount(entries, '/etc').source).toBe('/dev/vda');
  });

  it('finds the root whose parent is not listed (a container) and the real /dev/shm on top of a stack', () => {
    expect(findMount(parseMountInfo(sample('overlay')), '/srv/data/x').mountId).toBe(621);
    const host = parseMountInfo(
      '24 27 0:6 / /dev rw - devtmpfs devtmpfs rw\n25 24 0:23 / /dev/shm rw - tmpfs tmpfs rw\n27 1 254:0 / / rw - ext4 /dev/vda rw\n30 25 0:27 / /dev/shm rw - tmpfs tmpfs rw\n',
    );
    expect(findMount(host, '/dev/shm/q').mountId).toBe(30);
    expect(() => findMount(parseMountInfo('24 27 0:6 / /dev rw - devtmpfs devtmpfs rw\n'), '/x')).toThrow(
      expect.objectContaining({ code: 'MOUNT_NOT_FOUND' }),
    );
  });
});

describe('LVM device-mapper names', () => {
  it.each([
    ['vg0-root', { vg: 'vg0', lv: 'root' }],
    ['data--vg-srv--data', { vg: 'data-vg', lv: 'srv-data' }],
    ['a---b', { vg: 'a-', lv: 'b' }],
    ['vg0-root-real', undefined],
    ['vg0-snap-cow', undefined],
    ['cryptdata', undefined],
    ['-x', undefined],
  ])('%s → %j', (name, expected) => {
    expect(decodeLvmDmName(name)).toEqual(expected);
  });
});
