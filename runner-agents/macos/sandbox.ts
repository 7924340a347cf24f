import type { PlannedCommand, SandboxPolicy, SandboxSpec } from '../api';
import { checkPath } from './checks';
import { MacRunnerError } from './errors';

export const DEFAULT_SANDBOX_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Seatbelt matches resolved paths: /tmp, /var and /etc are symlinks into /private. */
export function realPath(p: string): string {
  return /^\/(tmp|var|etc)(\/|$)/.test(p) ? `/private${p}` : p;
}

/**
 * The Seatbelt profile: everything allowed except the network, writes outside the writable
 * directories (and /dev/null), and any access to hidden paths. Paths were checked by checkPath
 * (no `"` or `\`), so they are safe inside SBPL string literals.
 */
export function sandboxProfile(policy: SandboxPolicy): string {
  const writable = policy.writable.map((w) => `(subpath "${realPath(checkPath(w, 'writable directory'))}")`);
  const lines = ['(version 1)', '(allow default)', '(deny network*)', '(deny file-write*)'];
  lines.push(`(allow file-write* ${[...writable, '(literal "/dev/null")'].join(' ')})`);
  for (const h of policy.hidden ?? [])
    lines.push(`(deny file-read* file-write* (subpath "${realPath(checkPath(h, 'hidden path'))}"))`);
  return lines.join('\n');
}

/**
 * `/usr/bin/env -i PATH=… LANG=… TMPDIR=<cwd> [K=V…] /bin/sh -c 'cd -- "$1" && shift && exec "$@"'
 *  hale-sandbox <cwd> /usr/bin/sandbox-exec -p <profile> <command…>` — a clean environment, the working
 * directory set without interpolation, then Seatbelt. The timeout is enforced by the executor.
 */
export function sandboxSpec(
  cmd: string[],
  policy: SandboxPolicy,
  pathEnv = DEFAULT_SANDBOX_PATH,
): SandboxSpec {
  if (cmd.length === 0 || cmd.some((a) => a.includes('\u0000')))
    throw new MacRunnerError('NAME_INVALID', 'sandbox command must be a non-empty argv without NUL');
  const [first] = policy.writable;
  const cwd = checkPath(policy.cwd ?? first ?? '', 'sandbox working directory');
  const env = [`PATH=${pathEnv}`, 'LANG=en_US.UTF-8', `TMPDIR=${cwd}`];
  for (const [key, value] of Object.entries(policy.env ?? {})) {
    if (!ENV_NAME.test(key) || value.includes('\u0000'))
      throw new MacRunnerError('NAME_INVALID', `environment variable ${key} is not allowed`, {
        details: { key },
      });
    env.push(`${key}=${value}`);
  }
  const argv = [
    '/usr/bin/env',
    '-i',
    ...env,
    '/bin/sh',
    '-c',
    'cd -- "$1" && shift && exec "$@"',
    'hale-sandbox',
    cwd,
    '/usr/bin/sandbox-exec',
    '-p',
    sandboxProfile(policy),
    ...cmd,
  ];
  return { tool: 'sandbox-exec', argv, policy, network: 'none' };
}

export function sandboxPlan(spec: SandboxSpec): PlannedCommand {
  const [program = '', ...args] = spec.argv;
  return { program, args, purpose: 'run a command under sandbox-exec without network' };
}
