import type { CommandOutput, PlannedCommand } from '../../api';
import { classifyFailure, SHOW_PROPERTIES, type SystemctlFailure } from './systemctl';
import { SystemdError } from './systemd-errors';

/** A unit's state as `systemctl show --property=…` reports it (properties of SHOW_PROPERTIES). */
export interface SystemdUnitState {
  unit: string;
  /** loaded, not-found, bad-setting, error, masked. */
  loadState: string;
  /** active, reloading, inactive, failed, activating, deactivating (and newer: maintenance, refreshing). */
  activeState: string;
  /** The type's own state: running, exited, dead, failed, auto-restart, start-pre, start-post, stop-sigterm… */
  subState: string;
  /** 0 when there is no main process. */
  mainPid: number;
  /** Automatic restarts systemd made (Restart=). */
  nRestarts: number;
  /** CLOCK_MONOTONIC µs when the main process started (0 when it never did). */
  execMainStartMonotonicUs: bigint;
  /** success, exit-code, signal, core-dump, timeout, watchdog, start-limit-hit, oom-kill… */
  result: string;
}

/** systemctl's own exit-status failure as a SystemdError (SYSTEMD_UNAVAILABLE when there is no systemd). */
export function systemctlError(unit: string, command: PlannedCommand, output: CommandOutput): SystemdError {
  const failure = classifyFailure(output);
  return new SystemdError(
    failure.reason === 'systemd-unavailable' ? 'SYSTEMD_UNAVAILABLE' : 'SYSTEMD_COMMAND_FAILED',
    `${[command.program, ...command.args].join(' ')}: ${failure.message || `exit ${output.exitCode}`}`,
    { details: failureDetails(unit, failure) },
  );
}

export function failureDetails(unit: string, failure: SystemctlFailure): Record<string, unknown> {
  return {
    unit,
    reason: failure.reason,
    exitCode: failure.exitCode,
    message: failure.message,
    ...(failure.why ? { why: failure.why } : {}),
  };
}

/** `Key=value` lines (the value may hold `=` or be empty); other lines are refused. */
export function parseProperties(unit: string, stdout: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const m = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (!m?.[1] || m[2] === undefined) {
      throw new SystemdError('SYSTEMD_OUTPUT_UNPARSABLE', `systemctl show ${unit}: unexpected line`, {
        details: { unit, line },
      });
    }
    props.set(m[1], m[2]);
  }
  return props;
}

function need(unit: string, props: Map<string, string>, key: string, pattern = /^\S+$/): string {
  const value = props.get(key);
  if (value === undefined || !pattern.test(value)) {
    throw new SystemdError(
      'SYSTEMD_OUTPUT_UNPARSABLE',
      `systemctl show ${unit}: ${key} missing or malformed`,
      {
        details: { unit, key, value },
      },
    );
  }
  return value;
}

/** Reads the output of systemctlPlans.show(unit). A non-zero exit is systemctl's failure. */
export function parseShow(unit: string, command: PlannedCommand, output: CommandOutput): SystemdUnitState {
  if (output.exitCode !== 0) throw systemctlError(unit, command, output);
  const props = parseProperties(unit, output.stdout);
  for (const key of SHOW_PROPERTIES) need(unit, props, key, /^.*$/);
  const digits = /^\d+$/;
  return {
    unit,
    loadState: need(unit, props, 'LoadState'),
    activeState: need(unit, props, 'ActiveState'),
    subState: need(unit, props, 'SubState'),
    mainPid: Number(need(unit, props, 'MainPID', digits)),
    nRestarts: Number(need(unit, props, 'NRestarts', digits)),
    execMainStartMonotonicUs: BigInt(need(unit, props, 'ExecMainStartTimestampMonotonic', digits)),
    result: need(unit, props, 'Result'),
  };
}

const ACTIVE = ['active', 'reloading', 'refreshing'];

/** Active (or reloading) with a main process: what the driver calls running. */
export function isRunning(state: SystemdUnitState): boolean {
  return ACTIVE.includes(state.activeState) && state.mainPid > 0;
}

export interface IsActiveAnswer {
  active: boolean;
  /** The state is-active printed (active, inactive, failed, activating, deactivating…). */
  state: string;
  /** Exit 4 (systemd ≥ 253): no such unit. systemd 252 answers `inactive` with exit 3 instead. */
  notFound: boolean;
}

/**
 * `systemctl is-active <unit>`: exit 0 when active or reloading, 3 (LSB "program is not running")
 * otherwise, 4 for a unit that does not exist (systemd ≥ 253). Anything else is systemctl failing.
 */
export function parseIsActive(unit: string, command: PlannedCommand, output: CommandOutput): IsActiveAnswer {
  if (![0, 3, 4].includes(output.exitCode)) throw systemctlError(unit, command, output);
  const state = output.stdout.split('\n')[0]?.trim() ?? '';
  const known = /^(active|reloading|refreshing|inactive|failed|activating|deactivating|maintenance)$/;
  const active = output.exitCode === 0;
  if (!known.test(state) || active !== ACTIVE.includes(state)) {
    throw new SystemdError(
      'SYSTEMD_OUTPUT_UNPARSABLE',
      `systemctl is-active ${unit}: ${state} with exit ${output.exitCode}`,
      {
        details: { unit, state, exitCode: output.exitCode },
      },
    );
  }
  return { active, state, notFound: output.exitCode === 4 };
}

export interface DropInState {
  /** The drop-in files systemd loaded for the unit (absolute paths as systemd sees them). */
  dropInPaths: string[];
  /** yes when files changed on disk since the last daemon-reload. */
  needDaemonReload: boolean;
}

/** Reads the output of systemctlPlans.showDropIns(unit). */
export function parseDropIns(unit: string, command: PlannedCommand, output: CommandOutput): DropInState {
  if (output.exitCode !== 0) throw systemctlError(unit, command, output);
  const props = parseProperties(unit, output.stdout);
  const paths = need(unit, props, 'DropInPaths', /^.*$/);
  const reload = need(unit, props, 'NeedDaemonReload', /^(yes|no)$/);
  return { dropInPaths: paths.split(' ').filter(Boolean), needDaemonReload: reload === 'yes' };
}

export interface StartVerdict {
  /** running: done; wait: still activating (start-pre, start, start-post); anything else: failed. */
  reason: 'running' | 'wait' | 'unit-not-found' | 'crashed' | 'no-main-process' | 'not-active';
  message: string;
}

/** What a unit's state means right after its start (or restart) job returned successfully. */
export function startVerdict(s: SystemdUnitState): StartVerdict {
  if (isRunning(s)) return { reason: 'running', message: `running as pid ${s.mainPid}` };
  if (s.loadState === 'not-found') return { reason: 'unit-not-found', message: 'unit not found' };
  if (s.subState === 'auto-restart')
    return { reason: 'crashed', message: `crashed after start (${s.result})` };
  if (s.activeState === 'active')
    return { reason: 'no-main-process', message: 'active without a main process' };
  if (s.activeState === 'activating') return { reason: 'wait', message: `still ${s.subState}` };
  return { reason: 'not-active', message: `${s.activeState} (${s.subState}, ${s.result})` };
}
