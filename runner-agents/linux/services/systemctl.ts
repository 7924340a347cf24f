import type { CommandOutput, PlannedCommand } from '../../api';

/** What `systemctl show` is asked for after every state change (read by parseShow). */
export const SHOW_PROPERTIES = [
  'LoadState',
  'ActiveState',
  'SubState',
  'MainPID',
  'NRestarts',
  'ExecMainStartTimestampMonotonic',
  'Result',
] as const;

/** What is asked after a daemon-reload, to see that systemd loaded a drop-in. */
export const DROPIN_PROPERTIES = ['DropInPaths', 'NeedDaemonReload'] as const;

const plan = (args: string[], purpose: string): PlannedCommand => ({ program: 'systemctl', args, purpose });

/**
 * The exact commands of the systemd driver. Unit names are validated before a plan is made
 * (checkServiceUnit). start/stop/restart/reload block until systemd's job is done (no
 * `--no-block`), so the exit status is the job's result.
 */
export const systemctlPlans = {
  start: (unit: string) => plan(['start', unit], `start ${unit} (waits for the start job)`),
  stop: (unit: string) => plan(['stop', unit], `stop ${unit} (waits for the stop job)`),
  restart: (unit: string) => plan(['restart', unit], `restart ${unit} (waits for the restart job)`),
  reload: (unit: string) => plan(['reload', unit], `reload ${unit}'s configuration (ExecReload=)`),
  show: (unit: string) =>
    plan(
      ['show', unit, `--property=${SHOW_PROPERTIES.join(',')}`, '--no-pager'],
      `read ${unit}'s state, main pid and restart count`,
    ),
  showDropIns: (unit: string) =>
    plan(
      ['show', unit, `--property=${DROPIN_PROPERTIES.join(',')}`, '--no-pager'],
      `check which drop-ins systemd loaded for ${unit}`,
    ),
  isActive: (unit: string) => plan(['is-active', unit], `check that ${unit} is still active`),
  daemonReload: () => plan(['daemon-reload'], 'reload unit files and drop-ins from disk'),
};

/** Why a systemctl command failed, read from its exit status and message. */
export type SystemctlFailureReason =
  | 'systemd-unavailable' // not booted with systemd / no bus
  | 'unit-not-found' // "Unit x not found." / "Unit x not loaded." (exit 5)
  | 'access-denied' // exit 4, "Access denied" / "Interactive authentication required."
  | 'not-applicable' // "Job type reload is not applicable for unit x." (exit 3)
  | 'masked' // "Unit x is masked."
  | 'unit-inactive' // "Unit x is not active." (reload of a stopped unit)
  | 'bad-setting' // "Unit x has a bad unit file setting." / load failed (exit 6)
  | 'job-failed' // "Job for x failed because …" (exit 1)
  | 'failed'; // anything else

export interface SystemctlFailure {
  reason: SystemctlFailureReason;
  exitCode: number;
  /** systemctl's first line (stderr, else stdout). */
  message: string;
  /** The part after "failed because" of a failed job ("the control process exited with error code"). */
  why?: string;
}

/** Classifies a failed systemctl run (systemd 252 messages; exit codes from translate_bus_error_to_exit_status). */
export function classifyFailure(output: CommandOutput): SystemctlFailure {
  const text = `${output.stderr}\n${output.stdout}`;
  const message =
    output.stderr
      .split('\n')
      .find((l) => l.trim() && !l.startsWith('Warning:'))
      ?.trim() ??
    output.stdout.split('\n')[0]?.trim() ??
    '';
  const base = { exitCode: output.exitCode, message };
  if (
    /System has not been booted with systemd|Failed to connect to bus|Failed to get D-Bus connection/.test(
      text,
    )
  )
    return { ...base, reason: 'systemd-unavailable' };
  const job = /Job for \S+ failed(?: because (.+?))?\.(?:\n|$| See)/.exec(text);
  if (job) return { ...base, reason: 'job-failed', ...(job[1] ? { why: job[1] } : {}) };
  if (/A dependency job for \S+ failed/.test(text))
    return { ...base, reason: 'job-failed', why: 'a dependency failed' };
  if (/Unit \S+ is masked\./.test(text)) return { ...base, reason: 'masked' };
  if (/Unit \S+ is not active\./.test(text)) return { ...base, reason: 'unit-inactive' };
  if (output.exitCode === 5 || /Unit \S+ not (found|loaded)\./.test(text))
    return { ...base, reason: 'unit-not-found' };
  if (output.exitCode === 4 || /Access denied|Interactive authentication required/.test(text))
    return { ...base, reason: 'access-denied' };
  if (/Job type \S+ is not applicable/.test(text)) return { ...base, reason: 'not-applicable' };
  if (output.exitCode === 6 || /has a bad unit file setting|failed to load/i.test(text))
    return { ...base, reason: 'bad-setting' };
  return { ...base, reason: 'failed' };
}

/** Warnings systemctl prints on success that matter to the runner. */
export interface SystemctlWarnings {
  /** "Warning: Stopping x, but it can still be activated by:" followed by the triggering units. */
  triggeredBy: string[];
  /** "Warning: The unit file, source configuration file or drop-ins of x changed on disk." */
  changedOnDisk: boolean;
}

export function parseWarnings(output: CommandOutput): SystemctlWarnings {
  const lines = output.stderr.split('\n');
  const triggeredBy: string[] = [];
  const at = lines.findIndex((l) => /^Warning: Stopping \S+, but it can still be activated by:/.test(l));
  if (at >= 0) {
    const inline = lines[at]?.split('activated by:')[1]?.trim();
    if (inline) triggeredBy.push(...inline.split(/\s+/));
    for (const l of lines.slice(at + 1)) {
      if (!/^\s+\S/.test(l)) break;
      triggeredBy.push(...l.trim().split(/\s+/));
    }
  }
  return { triggeredBy, changedOnDisk: /changed on disk/.test(output.stderr) };
}
