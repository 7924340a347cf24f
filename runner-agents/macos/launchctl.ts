import type { CommandOutput, PlannedCommand, RestartResult } from '../api';
import { checkLabel, firstLine } from './checks';
import { MacRunnerError } from './errors';

export function kickstartPlan(label: string): PlannedCommand {
  return {
    program: 'launchctl',
    args: ['kickstart', '-k', `system/${checkLabel(label)}`],
    purpose: `restart launchd service ${label} (kill and start again)`,
  };
}

export function printPlan(label: string): PlannedCommand {
  return {
    program: 'launchctl',
    args: ['print', `system/${checkLabel(label)}`],
    purpose: `read launchd service ${label}`,
  };
}

/** launchctl's "Could not find service" (exit 113) is SERVICE_NOT_FOUND; other failures COMMAND_FAILED. */
export function launchctlFailure(label: string, output: CommandOutput): MacRunnerError {
  const text = `${output.stderr}\n${output.stdout}`;
  const notFound = output.exitCode === 113 || /Could not find (specified )?service/i.test(text);
  return new MacRunnerError(
    notFound ? 'SERVICE_NOT_FOUND' : 'COMMAND_FAILED',
    `${label}: ${firstLine(output)}`,
    {
      details: { label, exitCode: output.exitCode },
    },
  );
}

export interface LaunchdState {
  state: string;
  pid?: number;
  /** Number, or undefined for "(never exited)". */
  lastExitCode?: number;
  lastExitReason?: string;
  program?: string;
  runs?: number;
}

/**
 * Reads the service's own (one-tab-indented) `key = value` lines of `launchctl print system/<label>`;
 * nested blocks (arguments, environment, endpoints…) are skipped.
 */
export function parsePrint(label: string, output: CommandOutput): LaunchdState {
  if (output.exitCode !== 0) throw launchctlFailure(label, output);
  const fields = new Map<string, string>();
  for (const line of output.stdout.split('\n')) {
    const m = /^\t([a-z][a-z ]*?) = (.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined && !m[2].endsWith('{')) fields.set(m[1], m[2].trim());
  }
  const state = fields.get('state');
  if (state === undefined)
    throw new MacRunnerError('OUTPUT_UNPARSABLE', `launchctl print ${label}: no state`, {
      details: { label },
    });
  const exit = /^(-?\d+)(?::\s*(.*))?$/.exec(fields.get('last exit code') ?? '');
  const pid = fields.get('pid');
  const runs = fields.get('runs');
  return {
    state,
    pid: pid && /^\d+$/.test(pid) ? Number(pid) : undefined,
    lastExitCode: exit?.[1] === undefined ? undefined : Number(exit[1]),
    lastExitReason: exit?.[2],
    program: fields.get('program'),
    runs: runs && /^\d+$/.test(runs) ? Number(runs) : undefined,
  };
}

export function restartResult(label: string, state: LaunchdState): RestartResult {
  return {
    service: label,
    healthy: state.state === 'running' && state.pid !== undefined,
    detail: { kind: 'launchd', ...state },
  };
}
