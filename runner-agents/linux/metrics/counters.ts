import { parseError } from './errors';

/**
 * Parsers of the cumulative counter files (`/proc/diskstats`, `/proc/net/dev`) and the rates
 * between two samples of them.
 */

export interface DiskCounters {
  device: string;
  sectorsRead: number;
  sectorsWritten: number;
}

/** `/proc/diskstats` → per device sectors read (field 6) and written (field 10); sectors are 512 bytes. */
export function parseDiskstats(text: string): DiskCounters[] {
  const out: DiskCounters[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const sectorsRead = Number(f[5]);
    const sectorsWritten = Number(f[9]);
    if (!f[2] || !Number.isFinite(sectorsRead) || !Number.isFinite(sectorsWritten)) {
      throw parseError('/proc/diskstats', `bad line "${line.trim()}"`);
    }
    out.push({ device: f[2], sectorsRead, sectorsWritten });
  }
  return out;
}

const VIRTUAL_DISK = /^(loop|ram|zram|dm-|md|sr|fd|nbd)/;

/**
 * Physical whole disks of a diskstats sample: drops virtual devices (loop, ram, zram, dm-, md, sr,
 * fd, nbd) and partitions (a name that is another device's name plus digits, optionally after `p`),
 * so that no byte is counted twice.
 */
export function wholeDisks(devices: string[]): string[] {
  const names = new Set(devices);
  return devices.filter((d) => {
    if (VIRTUAL_DISK.test(d)) return false;
    const m = /^(.*?)p?\d+$/.exec(d);
    return !(m?.[1] && names.has(m[1]) && m[1] !== d);
  });
}

/** Bytes per second read + written between two diskstats samples `seconds` apart. */
export function diskIoBytesPerSec(
  before: DiskCounters[],
  after: DiskCounters[],
  seconds: number,
  devices: string[] = wholeDisks(after.map((d) => d.device)),
): number {
  if (!(seconds > 0)) throw parseError('/proc/diskstats', 'the interval must be positive');
  const prev = new Map(before.map((d) => [d.device, d]));
  let sectors = 0;
  for (const d of after) {
    const p = prev.get(d.device);
    if (!p || !devices.includes(d.device)) continue;
    const delta = d.sectorsRead - p.sectorsRead + (d.sectorsWritten - p.sectorsWritten);
    if (delta > 0) sectors += delta; // a negative delta is a counter reset: that device is skipped
  }
  return (sectors * 512) / seconds;
}

export interface NetCounters {
  iface: string;
  rxPackets: number;
  rxErrs: number;
  rxDrop: number;
  txPackets: number;
  txErrs: number;
  txDrop: number;
}

/** `/proc/net/dev` → per interface packets, errors and drops in both directions. */
export function parseNetDev(text: string): NetCounters[] {
  const out: NetCounters[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.includes('|')) continue;
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (f.length < 16 || f.some((n) => !Number.isFinite(n))) {
      throw parseError('/proc/net/dev', `bad line "${line.trim()}"`);
    }
    const n = (i: number): number => f[i] ?? 0;
    out.push({
      iface: line.slice(0, colon).trim(),
      rxPackets: n(1),
      rxErrs: n(2),
      rxDrop: n(3),
      txPackets: n(9),
      txErrs: n(10),
      txDrop: n(11),
    });
  }
  return out;
}

/**
 * (errors + drops) per packet between two /proc/net/dev samples, over every interface except
 * those in `exclude` (default the loopback). 0 when nothing moved.
 */
export function netErrorRate(
  before: NetCounters[],
  after: NetCounters[],
  exclude: string[] = ['lo'],
): number {
  const prev = new Map(before.map((c) => [c.iface, c]));
  let bad = 0;
  let packets = 0;
  for (const c of after) {
    const p = prev.get(c.iface);
    if (!p || exclude.includes(c.iface)) continue;
    const dBad = c.rxErrs + c.rxDrop + c.txErrs + c.txDrop - (p.rxErrs + p.rxDrop + p.txErrs + p.txDrop);
    const dPackets = c.rxPackets + c.txPackets - (p.rxPackets + p.txPackets);
    if (dBad < 0 || dPackets < 0) continue; // counter reset
    bad += dBad;
    packets += dPackets;
  }
  if (bad === 0) return 0;
  return bad / Math.max(packets, 1);
}
