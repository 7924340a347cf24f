import { parseError } from './errors';

/**
 * Pure parsers of /proc files (the text in, numbers out), so they run on recorded samples in
 * tests and on the live /proc in the collectors.
 */

/** `/proc/loadavg` → the 1, 5 and 15 minute load averages. */
export function parseLoadavg(text: string): { load1: number; load5: number; load15: number } {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  if (a === undefined || b === undefined || c === undefined || [a, b, c].some((n) => !Number.isFinite(n))) {
    throw parseError('/proc/loadavg', 'expected three load averages');
  }
  return { load1: a, load5: b, load15: c };
}

/** `/proc/meminfo` → every `Key: value [kB]` line, in bytes when the line says kB. */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (m?.[1] && m[2]) out[m[1]] = Number(m[2]) * (line.trimEnd().endsWith('kB') ? 1024 : 1);
  }
  return out;
}

/** Fraction of memory in use: (MemTotal − MemAvailable) / MemTotal, from `/proc/meminfo`. */
export function memUsedFraction(meminfo: Record<string, number>): number {
  const total = meminfo['MemTotal'];
  const available = meminfo['MemAvailable'];
  if (total === undefined || available === undefined || total <= 0) {
    throw parseError('/proc/meminfo', 'MemTotal and MemAvailable are required');
  }
  return Math.min(1, Math.max(0, (total - available) / total));
}

export interface PressureLine {
  avg10: number;
  avg60: number;
  avg300: number;
  /** Total stall time in microseconds. */
  total: number;
}

/** A PSI file (`/proc/pressure/{memory,cpu,io}`) → its `some` and (when present) `full` lines. */
export function parsePressure(text: string): { some: PressureLine; full?: PressureLine } {
  const lines: Partial<Record<'some' | 'full', PressureLine>> = {};
  for (const line of text.split('\n')) {
    const m = /^(some|full)\s+avg10=([\d.]+)\s+avg60=([\d.]+)\s+avg300=([\d.]+)\s+total=(\d+)\s*$/.exec(line);
    if (!m) continue;
    const kind = m[1] as 'some' | 'full';
    lines[kind] = { avg10: Number(m[2]), avg60: Number(m[3]), avg300: Number(m[4]), total: Number(m[5]) };
  }
  if (!lines.some) throw parseError('/proc/pressure', 'no "some" line');
  return lines.full ? { some: lines.some, full: lines.full } : { some: lines.some };
}

/** `/proc/uptime` → seconds since boot. */
export function parseUptime(text: string): number {
  const first = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isFinite(first)) throw parseError('/proc/uptime', 'expected seconds since boot');
  return first;
}

/**
 * `/proc/<pid>/stat` → pid, comm, state and starttime (clock ticks after boot, field 22). The
 * command name may hold spaces and parentheses, so fields are counted after the last `)`.
 */
export function parsePidStat(text: string): { pid: number; comm: string; state: string; startTicks: number } {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw parseError('/proc/<pid>/stat', 'no (comm) field');
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state), so field 22 (starttime) is rest[19].
  const startTicks = Number(rest[19]);
  const pid = Number(text.slice(0, open).trim());
  if (!Number.isInteger(pid) || !Number.isFinite(startTicks) || rest[0] === undefined) {
    throw parseError('/proc/<pid>/stat', 'expected pid, state and starttime');
  }
  return { pid, comm: text.slice(open + 1, close), state: rest[0], startTicks };
}

/**
 * The kernel's USER_HZ from `/proc/self/auxv` (AT_CLKTCK = 17; 64-bit little-endian pairs).
 * Returns undefined when the vector has no such entry.
 */
export function clockTicksFromAuxv(auxv: Buffer): number | undefined {
  for (let off = 0; off + 16 <= auxv.length; off += 16) {
    const type = auxv.readBigUInt64LE(off);
    if (type === 0n) break;
    if (type === 17n) return Number(auxv.readBigUInt64LE(off + 8));
  }
  return undefined;
}
