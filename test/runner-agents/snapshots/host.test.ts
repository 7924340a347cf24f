import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { detectSnapshotMechanism, findMount, parseMountInfo } from '../../../runner-agents/linux/snapshots';

/** `stat -f -c %T` names (coreutils) for the mountinfo types this test knows: ext2/3/4 share one magic. */
const STAT_NAME: Record<string, string> = {
  ext2: 'ext2/ext3',
  ext3: 'ext2/ext3',
  ext4: 'ext2/ext3',
  xfs: 'xfs',
  btrfs: 'btrfs',
  zfs: 'zfs',
  tmpfs: 'tmpfs',
  overlay: 'overlayfs',
};

const stat = (args: string[]) => execFileSync('stat', args, { encoding: 'utf8' }).trim();

describe("this host's real /proc/self/mountinfo", () => {
  const tmp = fs.realpathSync(os.tmpdir());

  it('parses every line of it', () => {
    const text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
    const entries = parseMountInfo(text);
    expect(entries.length).toBe(text.split('\n').filter(Boolean).length);
  });

  it(`finds the mount of os.tmpdir() that stat(1) reports, and a mechanism consistent with its type`, () => {
    const c = detectSnapshotMechanism(os.tmpdir());
    expect(c.path).toBe(tmp);
    // The same filesystem stat -f sees …
    const statType = stat(['-f', '-c', '%T', tmp]);
    expect(STAT_NAME[c.fsType]).toBe(statType); // a type missing from STAT_NAME fails here: add it
    // … the same mount point and device stat sees.
    expect(c.mount).toBe(stat(['-c', '%m', tmp]));
    if (c.fsType !== 'btrfs') expect(c.entry.majorMinor).toBe(stat(['-c', '%Hd:%Ld', tmp]));
    const expected = c.fsType === 'btrfs' ? 'btrfs' : c.fsType === 'zfs' ? 'zfs' : c.lvm ? 'lvm' : 'none';
    expect(c.mechanism).toBe(expected);
    if (c.mechanism === 'none') expect(c.plan).toEqual([]);
    else expect(c.plan.length).toBeGreaterThan(0);
  });

  it('the root mount is what stat reports for /', () => {
    const entries = parseMountInfo(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
    expect(STAT_NAME[findMount(entries, '/').fsType]).toBe(stat(['-f', '-c', '%T', '/']));
  });
});
