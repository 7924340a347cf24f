import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { RunnerMetrics } from '../../api';
import { diskIoBytesPerSec, netErrorRate, parseDiskstats, parseNetDev } from './counters';
import { optionError } from './errors';
import {
  clockTicksFromAuxv,
  memUsedFraction,
  parseLoadavg,
  parseMeminfo,
  parsePidStat,
  parsePressure,
  parseUptime,
} from './proc-parsers';

export interface HostMetricsOptions {
  /** Path whose filesystem `disk_used` describes (default `/`). */
  diskPath?: string;
  /** Time between the two /proc/diskstats and /proc/net/dev samples (default 1000 ms). */
  sampleIntervalMs?: number;
  /** The service to describe: its main pid (for `svc_uptime`) and restart count from its supervisor. */
  service?: { pid?: number; restarts?: number };
  /** Devices counted by `disk_io` (default: physical whole disks). */
  diskDevices?: string[];
  /** Interfaces left out of `net_error_rate` (default `['lo']`). */
  excludeInterfaces?: string[];
  /** Root of the proc filesystem (default `/proc`). */
  procRoot?: string;
}

/** Error codes of a missing file: the key it feeds is then absent. */
function isMissing(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ESRCH';
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/** The kernel's clock ticks per second (USER_HZ), from the auxiliary vector; 100 when it does not say. */
export async function clockTicks(procRoot = '/proc'): Promise<number> {
  try {
    return clockTicksFromAuxv(await readFile(path.join(procRoot, 'self', 'auxv'))) ?? 100;
  } catch (err) {
    if (isMissing(err)) return 100;
    throw err;
  }
}

/**
 * `svc_uptime` (seconds since the process started, from /proc/<pid>/stat starttime and /proc/uptime)
 * and `svc_restarts` (as given by the supervisor). `svc_uptime` is absent when the pid is gone.
 */
export async function collectServiceMetrics(
  service: { pid?: number; restarts?: number },
  procRoot = '/proc',
): Promise<RunnerMetrics> {
  const out: RunnerMetrics = {};
  if (service.restarts !== undefined) out.svc_restarts = service.restarts;
  if (service.pid === undefined) return out;
  if (!Number.isInteger(service.pid) || service.pid <= 0) throw optionError('service.pid', 'not a pid');
  const stat = await readOptional(path.join(procRoot, String(service.pid), 'stat'));
  if (stat === undefined) return out;
  const [uptime, hz] = await Promise.all([
    readFile(path.join(procRoot, 'uptime'), 'utf8'),
    clockTicks(procRoot),
  ]);
  out.svc_uptime = Math.max(0, parseUptime(uptime) - parsePidStat(stat).startTicks / hz);
  return out;
}

/** Fraction of the filesystem holding `p` in use, as `df` counts it (used / (used + available to users)). */
export async function diskUsedFraction(p: string): Promise<number> {
  const s = await statfs(p);
  const used = (s.blocks - s.bfree) * s.bsize;
  const denominator = used + s.bavail * s.bsize;
  return denominator > 0 ? used / denominator : 0;
}

/**
 * Host metrics read from /proc and statfs (no commands run): cpu_load, mem_used, mem_pressure
 * (when PSI is on), disk_used, disk_io, net_error_rate, and svc_uptime / svc_restarts for
 * `opts.service`. Takes `sampleIntervalMs` because the rates need two samples.
 */
export async function collectHostMetrics(opts: HostMetricsOptions = {}): Promise<RunnerMetrics> {
  const proc = opts.procRoot ?? '/proc';
  const interval = opts.sampleIntervalMs ?? 1000;
  if (!Number.isFinite(interval) || interval <= 0) throw optionError('sampleIntervalMs', 'must be > 0');
  const read = (rel: string): Promise<string> => readFile(path.join(proc, rel), 'utf8');

  const disk0 = parseDiskstats(await read('diskstats'));
  const net0 = parseNetDev(await read('net/dev'));
  const t0 = process.hrtime.bigint();
  await sleep(interval);
  const disk1 = parseDiskstats(await read('diskstats'));
  const net1 = parseNetDev(await read('net/dev'));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

  const cores = os.cpus().length || 1;
  const out: RunnerMetrics = {
    cpu_load: parseLoadavg(await read('loadavg')).load1 / cores,
    mem_used: memUsedFraction(parseMeminfo(await read('meminfo'))),
    disk_used: await diskUsedFraction(opts.diskPath ?? '/'),
    disk_io: diskIoBytesPerSec(disk0, disk1, seconds, opts.diskDevices),
    net_error_rate: netErrorRate(net0, net1, opts.excludeInterfaces),
  };
  const psi = await readOptional(path.join(proc, 'pressure', 'memory'));
  if (psi !== undefined) out.mem_pressure = parsePressure(psi).some.avg10;
  if (opts.service) Object.assign(out, await collectServiceMetrics(opts.service, proc));
  return out;
}
