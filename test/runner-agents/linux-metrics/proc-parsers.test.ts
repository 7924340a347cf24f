import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  clockTicksFromAuxv,
  memUsedFraction,
  parseLoadavg,
  parseMeminfo,
  parsePidStat,
  parsePressure,
  parseUptime,
} from '../../../runner-agents/linux/metrics';

// The files under samples/ are recorded (or kernel-format) /proc samples: see samples/README.md.
const sample = (name: string): string => readFileSync(path.join(__dirname, 'samples', name), 'utf8');

describe('/proc parsers on recorded samples', () => {
  it('reads the load averages', () => {
    expect(parseLoadavg(sample('loadavg'))).toEqual({ load1: 1.7, load5: 2.4, load15: 2.48 });
  });

  it('reads meminfo in bytes and computes the used fraction from MemTotal and MemAvailable', () => {
    const info = parseMeminfo(sample('meminfo'));
    expect(info['MemTotal']).toBe(24684084 * 1024);
    expect(info['MemAvailable']).toBe(23838052 * 1024);
    expect(info['HugePages_Total']).toBe(0); // a count, not kB
    expect(memUsedFraction(info)).toBeCloseTo((24684084 - 23838052) / 24684084, 12);
  });

  it('refuses a meminfo without MemAvailable', () => {
    expect(() => memUsedFraction(parseMeminfo('MemTotal: 100 kB\n'))).toThrow(
      expect.objectContaining({ code: 'METRICS_PARSE_FAILED' }),
    );
  });

  it('reads PSI some/full lines', () => {
    expect(parsePressure(sample('pressure-memory')).some.avg10).toBe(0);
    const busy = parsePressure(sample('pressure-memory.full'));
    expect(busy.some).toEqual({ avg10: 12.5, avg60: 4.2, avg300: 1.05, total: 987654 });
    expect(busy.full?.avg10).toBe(3.1);
    expect(() => parsePressure('nonsense')).toThrow(
      expect.objectContaining({ code: 'METRICS_PARSE_FAILED' }),
    );
  });

  it('reads uptime and a pid stat line whose command holds spaces and parentheses', () => {
    expect(parseUptime(sample('uptime'))).toBe(13714.24);
    const stat = parsePidStat(sample('pid-stat'));
    expect(stat).toEqual({ pid: 24051, comm: 'my (odd) svc', state: 'R', startTicks: 1372833 });
  });

  it('finds AT_CLKTCK in an auxiliary vector', () => {
    const auxv = Buffer.alloc(48);
    auxv.writeBigUInt64LE(6n, 0); // AT_PAGESZ
    auxv.writeBigUInt64LE(4096n, 8);
    auxv.writeBigUInt64LE(17n, 16); // AT_CLKTCK
    auxv.writeBigUInt64LE(100n, 24);
    expect(clockTicksFromAuxv(auxv)).toBe(100);
    expect(clockTicksFromAuxv(Buffer.alloc(16))).toBeUndefined();
  });
});
