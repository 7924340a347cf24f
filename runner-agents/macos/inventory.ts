import type { CacheInfo, CommandOutput, Inventory, PlannedCommand } from '../api';
import { checkPath, requireSuccess } from './checks';
import { MacRunnerError } from './errors';

export function inventoryPlans(): Record<'swVers' | 'kernel' | 'hostname' | 'disk', PlannedCommand> {
  return {
    swVers: { program: 'sw_vers', args: [], purpose: 'read the macOS product version' },
    kernel: { program: 'uname', args: ['-r'], purpose: 'read the Darwin kernel release' },
    hostname: { program: 'hostname', args: [], purpose: 'read the host name' },
    disk: { program: 'df', args: ['-k', '/'], purpose: 'read the size of the root volume' },
  };
}

type Run = { command: PlannedCommand; output: CommandOutput };

function unparsable(what: string): MacRunnerError {
  return new MacRunnerError('OUTPUT_UNPARSABLE', `${what}: unexpected output`, { details: { what } });
}

/** sw_vers `ProductName:/ProductVersion:/BuildVersion:`, `uname -r`, `hostname`, `df -k /` (1024-blocks). */
export function parseInventory(runs: Record<'swVers' | 'kernel' | 'hostname' | 'disk', Run>): Inventory {
  for (const r of Object.values(runs)) requireSuccess(r.command, r.output);
  const field = (key: string): string | undefined =>
    new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(runs.swVers.output.stdout)?.[1]?.trim();
  const product = field('ProductName');
  const version = field('ProductVersion');
  const build = field('BuildVersion');
  const kernel = runs.kernel.output.stdout.trim();
  const hostname = runs.hostname.output.stdout.trim();
  if (!product || !version || !build) throw unparsable('sw_vers');
  if (!/^\d+\.\d+/.test(kernel)) throw unparsable('uname -r');
  if (!hostname) throw unparsable('hostname');
  const row = runs.disk.output.stdout.trim().split('\n')[1]?.trim().split(/\s+/);
  const [, blocks, , available] = row ?? [];
  if (!blocks || !available || !/^\d+$/.test(blocks) || !/^\d+$/.test(available)) throw unparsable('df -k /');
  return {
    os: 'macos',
    osVersion: `${product} ${version} (${build})`,
    kernel,
    hostname,
    disk: [{ path: '/', totalBytes: Number(blocks) * 1024, freeBytes: Number(available) * 1024 }],
    services: [],
  };
}

/** Sizes of the bottles in the local cache, one number per line (BSD `stat -f %z`). */
export function bottleCachePlan(cache: string): PlannedCommand {
  return {
    program: 'find',
    args: [
      checkPath(cache, 'bottle cache'),
      '-type',
      'f',
      '-name',
      '*.bottle.tar.gz',
      '-exec',
      'stat',
      '-f',
      '%z',
      '{}',
      '+',
    ],
    purpose: `measure the local bottle cache ${cache}`,
  };
}

export function parseBottleCache(
  cache: string,
  command: PlannedCommand,
  output: CommandOutput,
): CacheInfo['caches'][number] {
  requireSuccess(command, output);
  const sizes = output.stdout.split('\n').filter((l) => l.trim() !== '');
  if (!sizes.every((s) => /^\d+$/.test(s.trim()))) throw unparsable('stat -f %z');
  return {
    kind: 'homebrew-bottle',
    path: cache,
    entries: sizes.length,
    bytes: sizes.reduce((a, s) => a + Number(s), 0),
  };
}
