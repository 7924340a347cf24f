import fs from 'node:fs';
import path from 'node:path';
import { exec, type ExecResult } from '../exec';
import { sysctlDir } from './drop-in';
import { SysctlError } from './errors';
import { checkKey } from './validate';

export type SysctlRunner = (argv: string[]) => Promise<ExecResult>;

/** The command that loads every drop-in on a real host. */
export const SYSCTL_APPLY_COMMAND: readonly string[] = ['sysctl', '--system'];

const procPath = (key: string, rootPrefix: string) =>
  path.join(rootPrefix, 'proc', 'sys', ...checkKey(key).split('.'));

/** The live value of `key` from `<rootPrefix>/proc/sys/<key with . → />` (whitespace normalised), undefined if absent. */
export function readSysctl(key: string, rootPrefix = '/'): string | undefined {
  try {
    return fs.readFileSync(procPath(key, rootPrefix), 'utf8').trim().split(/\s+/).join(' ');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** key → value wanted by Hale's drop-ins under `<rootPrefix>/etc/sysctl.d` (`*-hale-*.conf`). */
export function desiredSettings(rootPrefix: string): Record<string, string> {
  const dir = sysctlDir(rootPrefix);
  if (!fs.existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => /^\d\d-hale-.+\.conf$/.test(n))
    .sort()) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      const m = /^\s*([a-z0-9_.]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (m?.[1] && m[2] !== undefined) out[m[1]] = m[2].split(/\s+/).join(' ');
    }
  }
  return out;
}

export interface SysctlApplyResult {
  /** `applied` ran the command on this host; `planned` (any rootPrefix but `/`) ran nothing. */
  mode: 'applied' | 'planned';
  command: string[];
  result?: ExecResult;
  expected: Record<string, string>;
  values: Record<string, string | undefined>;
  /** Keys whose live value differs from the drop-ins. */
  mismatched: string[];
}

/**
 * On a real host (`rootPrefix` is `/`) runs `sysctl --system`; with any other prefix it runs
 * nothing and returns the command it would run. Either way it reads the drop-ins' keys back from
 * `<rootPrefix>/proc/sys` and reports which differ, so tests can never alter the machine.
 */
export async function applySysctl(opts: {
  rootPrefix: string;
  run?: SysctlRunner;
}): Promise<SysctlApplyResult> {
  const command = [...SYSCTL_APPLY_COMMAND];
  let result: ExecResult | undefined;
  const real = path.resolve(opts.rootPrefix) === '/';
  if (real) {
    result = await (opts.run ?? ((argv) => exec(argv, { timeoutMs: 60_000 })))(command);
    if (result.exitCode !== 0) {
      throw new SysctlError(
        'SYSCTL_APPLY_FAILED',
        `sysctl --system failed (exit ${result.exitCode ?? result.signal})`,
        {
          details: { exit_code: result.exitCode, stderr: result.stderr.slice(-2000) },
        },
      );
    }
  }
  const expected = desiredSettings(opts.rootPrefix);
  const values: Record<string, string | undefined> = {};
  for (const key of Object.keys(expected)) values[key] = readSysctl(key, opts.rootPrefix);
  const mismatched = Object.keys(expected).filter((k) => values[k] !== expected[k]);
  return {
    mode: real ? 'applied' : 'planned',
    command,
    ...(result ? { result } : {}),
    expected,
    values,
    mismatched,
  };
}
