import type { CommandOutput, PlannedCommand, RunnerMetrics } from '../api';
import { requireSuccess } from './checks';
import { MacRunnerError } from './errors';

export function metricsPlans(): {
  loadavg: PlannedCommand;
  vmStat: PlannedCommand;
  pressure: PlannedCommand;
} {
  return {
    loadavg: {
      program: 'sysctl',
      args: ['-n', 'vm.loadavg', 'hw.ncpu'],
      purpose: 'read the load averages and the CPU count',
    },
    vmStat: { program: 'vm_stat', args: [], purpose: 'read virtual memory page counts' },
    pressure: { program: 'memory_pressure', args: [], purpose: 'read total memory and the free percentage' },
  };
}

type Run = { command: PlannedCommand; output: CommandOutput };

/**
 * cpu_load: 1-minute load average (`{ 1.52 1.71 1.80 }`) ÷ `hw.ncpu` (the next line), as on Linux.
 * mem_used: (active + wired + occupied by compressor) pages × page size ÷ total bytes from memory_pressure.
 * mem_pressure: 100 − "System-wide memory free percentage" (percent; not Linux PSI stall time).
 */
export function parseMetrics(loadavg: Run, vmStat: Run, pressure: Run): RunnerMetrics {
  for (const r of [loadavg, vmStat, pressure]) requireSuccess(r.command, r.output);
  const loadMatch = /\{\s*([\d.]+)\s+[\d.]+\s+[\d.]+\s*\}\s*\n\s*(\d+)/.exec(loadavg.output.stdout);
  const load = loadMatch?.[1];
  const cpus = Number(loadMatch?.[2] ?? 0);
  const pageSize = /page size of (\d+) bytes/.exec(vmStat.output.stdout)?.[1];
  const pages = (label: string): number | undefined => {
    const m = new RegExp(`^${label}:\\s+(\\d+)\\.`, 'm').exec(vmStat.output.stdout);
    return m?.[1] === undefined ? undefined : Number(m[1]);
  };
  const total = /The system has (\d+) \(/.exec(pressure.output.stdout)?.[1];
  const free = /System-wide memory free percentage: (\d+)%/.exec(pressure.output.stdout)?.[1];
  const active = pages('Pages active');
  const wired = pages('Pages wired down');
  const compressed = pages('Pages occupied by compressor');
  if (load === undefined || cpus < 1 || pageSize === undefined || total === undefined || free === undefined)
    throw new MacRunnerError('OUTPUT_UNPARSABLE', 'sysctl/vm_stat/memory_pressure: missing fields');
  const metrics: RunnerMetrics = { cpu_load: Number(load) / cpus, mem_pressure: 100 - Number(free) };
  if (active !== undefined && wired !== undefined && compressed !== undefined)
    metrics.mem_used = ((active + wired + compressed) * Number(pageSize)) / Number(total);
  return metrics;
}
