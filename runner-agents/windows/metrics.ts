import type { CommandOutput, PlannedCommand, RunnerMetrics } from '../api';
import { WindowsRunnerError } from './errors';
import { parseJsonList, psPlan, psQuote, requireSuccess } from './powershell';

/** Counter path (English names; localized hosts name them differently) → metric and how to normalise it. */
const COUNTERS: { counter: string; metric: keyof RunnerMetrics; normalise: (v: number) => number }[] = [
  { counter: '\\Processor(_Total)\\% Processor Time', metric: 'cpu_load', normalise: (v) => v / 100 },
  { counter: '\\Memory\\% Committed Bytes In Use', metric: 'mem_used', normalise: (v) => v / 100 },
  { counter: '\\LogicalDisk(C:)\\% Free Space', metric: 'disk_used', normalise: (v) => 1 - v / 100 },
  { counter: '\\PhysicalDisk(_Total)\\Disk Bytes/sec', metric: 'disk_io', normalise: (v) => v },
];

export function metricsPlan(): PlannedCommand {
  const list = COUNTERS.map((c) => psQuote(c.counter, 'counter')).join(', ');
  return psPlan(
    `(Get-Counter -Counter ${list} -ErrorAction Stop).CounterSamples | Select-Object Path, CookedValue | ConvertTo-Json`,
    'sample CPU, memory and disk performance counters',
  );
}

/** Matches each sample by the end of its (lower-cased, host-prefixed) path, e.g. `\\web01\processor(_total)\% processor time`. */
export function parseMetrics(command: PlannedCommand, output: CommandOutput): RunnerMetrics {
  requireSuccess(command, output);
  const samples = parseJsonList(output.stdout, 'Get-Counter');
  const metrics: RunnerMetrics = {};
  for (const sample of samples) {
    const { Path: samplePath, CookedValue: value } = sample;
    if (typeof samplePath !== 'string' || typeof value !== 'number') continue;
    const known = COUNTERS.find((c) => samplePath.toLowerCase().endsWith(c.counter.toLowerCase()));
    if (known) metrics[known.metric] = known.normalise(value);
  }
  if (Object.keys(metrics).length === 0)
    throw new WindowsRunnerError('OUTPUT_UNPARSABLE', 'Get-Counter: no known counter in the output', {
      details: { samples: samples.length },
    });
  return metrics;
}
