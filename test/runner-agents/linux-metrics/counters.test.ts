import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  diskIoBytesPerSec,
  netErrorRate,
  parseDiskstats,
  parseNetDev,
  wholeDisks,
} from '../../../runner-agents/linux/metrics';

// Samples, not live data (see samples/README.md).
const sample = (name: string): string => readFileSync(path.join(__dirname, 'samples', name), 'utf8');

describe('diskstats', () => {
  const before = parseDiskstats(sample('diskstats.1'));
  const after = parseDiskstats(sample('diskstats.2'));

  it('parses sectors read and written per device', () => {
    expect(before.find((d) => d.device === 'vda')).toEqual({
      device: 'vda',
      sectorsRead: 59007474,
      sectorsWritten: 76507872,
    });
  });

  it('counts physical whole disks only', () => {
    expect(wholeDisks(before.map((d) => d.device))).toEqual(['sda', 'nvme0n1', 'vda']);
  });

  it('gives bytes per second without counting partitions, dm or loop devices twice', () => {
    // sda +400 sectors, nvme0n1 +1000 sectors, 512 bytes each, over 2 s
    expect(diskIoBytesPerSec(before, after, 2)).toBe(((400 + 1000) * 512) / 2);
    expect(diskIoBytesPerSec(before, after, 1, ['dm-0'])).toBe(5000 * 512);
  });

  it('skips a device whose counters went backwards', () => {
    expect(diskIoBytesPerSec(after, before, 1)).toBe(0);
  });
});

describe('net/dev', () => {
  const before = parseNetDev(sample('net-dev.1'));
  const after = parseNetDev(sample('net-dev.2'));

  it('parses packets, errors and drops per interface', () => {
    expect(before.map((c) => c.iface)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(after.find((c) => c.iface === 'eth0')).toMatchObject({ rxPackets: 56692, rxDrop: 10, txErrs: 10 });
  });

  it('computes errors+drops per packet, without the loopback by default', () => {
    expect(netErrorRate(before, after)).toBeCloseTo(20 / 2000, 12);
    expect(netErrorRate(before, after, [])).toBeCloseTo(25 / 3000, 12);
    expect(netErrorRate(before, before)).toBe(0);
  });
});
