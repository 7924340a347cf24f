import type { PlannedCommand, SandboxPolicy, SandboxSpec } from '../api';
import { WindowsRunnerError } from './errors';
import { checkWindowsPath } from './powershell';

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The AppContainer plan. Windows has no built-in command that starts a process in an AppContainer,
 * so the host must provide a launcher (configured path) honouring this argv contract:
 *
 *   <launcher> --container hale-sandbox --no-capabilities --writable <dir>… [--hidden <path>…]
 *              --cwd <dir> [--env K=V…] --timeout-ms <n> -- <command…>
 *
 * Confined by AppContainer itself: network (no internetClient/privateNetwork capabilities, loopback
 * blocked), writes (only where the launcher grants the container SID), most of the user profile
 * and registry. Not confined by it: reads of anything ALL APPLICATION PACKAGES may read (Windows,
 * Program Files), `--hidden` paths beyond what the launcher denies by ACL, CPU/memory (no job limits).
 */
export function sandboxSpec(launcher: string | undefined, cmd: string[], policy: SandboxPolicy): SandboxSpec {
  if (!launcher)
    throw new WindowsRunnerError(
      'SANDBOX_UNAVAILABLE',
      'no AppContainer launcher is configured on this host',
    );
  if (cmd.length === 0 || cmd.some((a) => a.includes('\u0000')))
    throw new WindowsRunnerError('NAME_INVALID', 'sandbox command must be a non-empty argv without NUL');
  const writable = policy.writable.map((w) => checkWindowsPath(w, 'writable directory'));
  const [firstWritable] = writable;
  const cwd = checkWindowsPath(policy.cwd ?? firstWritable ?? '', 'sandbox working directory');
  const argv = [
    checkWindowsPath(launcher, 'AppContainer launcher'),
    '--container',
    'hale-sandbox',
    '--no-capabilities',
  ];
  for (const w of writable) argv.push('--writable', w);
  for (const h of policy.hidden ?? []) argv.push('--hidden', checkWindowsPath(h, 'hidden path'));
  argv.push('--cwd', cwd);
  for (const [key, value] of Object.entries(policy.env ?? {})) {
    if (!ENV_NAME.test(key) || value.includes('\u0000'))
      throw new WindowsRunnerError('NAME_INVALID', `environment variable ${key} is not allowed`, {
        details: { key },
      });
    argv.push('--env', `${key}=${value}`);
  }
  argv.push('--timeout-ms', String(policy.timeoutMs ?? DEFAULT_TIMEOUT_MS), '--', ...cmd);
  return { tool: 'windows-appcontainer', argv, policy, network: 'none' };
}

export function sandboxPlan(spec: SandboxSpec): PlannedCommand {
  const [program = '', ...args] = spec.argv;
  return { program, args, purpose: 'run a command in an AppContainer without network capabilities' };
}
