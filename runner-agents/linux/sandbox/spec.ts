import fs from 'node:fs';
import type { SandboxPolicy, SandboxSpec } from '../../api';
import { SandboxError, policyError } from './errors';
import { checkEnv, checkPath, checkTimeout } from './policy';

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The fixed part: read-only root, fresh /dev, /proc and /tmp, every namespace but the user's unshared. */
export const BWRAP_BASE_ARGS: readonly string[] = [
  '--ro-bind', '/', '/',
  '--dev', '/dev',
  '--proc', '/proc',
  '--tmpfs', '/tmp',
  '--unshare-net',
  '--unshare-pid',
  '--unshare-ipc',
  '--unshare-uts',
  '--die-with-parent',
  '--new-session',
]; // prettier-ignore

export interface BwrapSpecOptions {
  /** argv[0] (default `bwrap`; runSandboxed passes the absolute path it found). */
  bwrap?: string;
  /** Where PATH and LANG come from (default process.env). */
  hostEnv?: NodeJS.ProcessEnv;
}

function writableDir(value: string, field: string): string {
  const dir = checkPath(value, field);
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    throw policyError(field, `writable directory "${dir}" does not exist`);
  }
  if (!fs.statSync(real).isDirectory()) throw policyError(field, `"${dir}" is not a directory`);
  // Resolved, so a symlink to / (or to a file) cannot make the whole root writable.
  if (real === '/') throw policyError(field, 'the root directory "/" cannot be writable');
  return real;
}

function readablePath(value: string, field: string): string {
  const target = checkPath(value, field);
  try {
    return fs.realpathSync(target);
  } catch {
    throw policyError(field, `readable path "${target}" does not exist`);
  }
}

function maskArgs(value: string, field: string): string[] {
  const target = checkPath(value, field);
  if (target === '/') throw policyError(field, 'the root directory "/" cannot be hidden');
  let real: string;
  try {
    real = fs.realpathSync(target); // a symlink hides what it points to
  } catch {
    return []; // nothing there: nothing to hide
  }
  if (real === '/') throw policyError(field, `"${target}" resolves to "/", which cannot be hidden`);
  return fs.statSync(real).isDirectory() ? ['--tmpfs', real] : ['--ro-bind', '/dev/null', real];
}

function environment(policy: SandboxPolicy, hostEnv: NodeJS.ProcessEnv): string[] {
  const env: Record<string, string> = { PATH: hostEnv.PATH ?? DEFAULT_PATH, LANG: hostEnv.LANG ?? 'C.UTF-8' };
  Object.assign(env, policy.env);
  return ['--clearenv', ...Object.entries(env).flatMap(([name, value]) => ['--setenv', name, value])];
}

/**
 * The exact bubblewrap argv that confines `cmd` under `policy` (no shell; nothing runs). Validates the
 * policy: absolute paths without `..`, writable directories that exist and are not `/`, a valid cwd,
 * env and timeout → SANDBOX_POLICY_INVALID naming the field. Reads the filesystem only to check paths
 * and to tell hidden directories (masked with an empty tmpfs) from files (masked with /dev/null).
 */
export function bwrapSpec(cmd: string[], policy: SandboxPolicy, options: BwrapSpecOptions = {}): SandboxSpec {
  if (cmd.length === 0 || cmd[0] === '') {
    throw new SandboxError('SANDBOX_COMMAND_INVALID', 'no command to run');
  }
  if (cmd.some((arg) => arg.includes('\0'))) {
    throw new SandboxError('SANDBOX_COMMAND_INVALID', 'a command argument contains a NUL byte');
  }
  if (!Array.isArray(policy.writable)) throw policyError('writable', 'must be an array of absolute paths');
  const writable = policy.writable.map((dir, i) => writableDir(dir, `writable[${i}]`));
  const readable = (policy.readable ?? []).map((p, i) => readablePath(p, `readable[${i}]`));
  const masks = (policy.hidden ?? []).flatMap((p, i) => maskArgs(p, `hidden[${i}]`));
  const cwd = policy.cwd === undefined ? (writable[0] ?? '/') : checkPath(policy.cwd, 'cwd');
  if (policy.cwd !== undefined && !fs.statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
    throw policyError('cwd', `"${cwd}" is not an existing directory`);
  }
  checkEnv(policy.env);
  checkTimeout(policy.timeoutMs);
  const argv = [
    options.bwrap ?? 'bwrap',
    ...BWRAP_BASE_ARGS,
    ...readable.flatMap((p) => ['--ro-bind', p, p]),
    ...writable.flatMap((dir) => ['--bind', dir, dir]),
    ...masks,
    '--chdir',
    cwd,
    ...environment(policy, options.hostEnv ?? process.env),
    '--',
    ...cmd,
  ];
  return { tool: 'bubblewrap', argv, policy, network: 'none' };
}
