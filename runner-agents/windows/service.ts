import type { CommandOutput, PlannedCommand, RestartResult } from '../api';
import { WindowsRunnerError } from './errors';
import { checkServiceName, parseJsonObject, psPlan, psQuote } from './powershell';

/** `ServiceControllerStatus` as Windows PowerShell 5.1 serialises it (a number) or PowerShell 7 with -EnumsAsStrings. */
const SERVICE_STATUS: Record<number, string> = {
  1: 'Stopped',
  2: 'StartPending',
  3: 'StopPending',
  4: 'Running',
  5: 'ContinuePending',
  6: 'PausePending',
  7: 'Paused',
};
const START_TYPE: Record<number, string> = {
  0: 'Boot',
  1: 'System',
  2: 'Automatic',
  3: 'Manual',
  4: 'Disabled',
};

/** A `ServiceRef.name` of `apppool:<name>` is an IIS application pool; anything else an SCM service. */
export const APP_POOL_PREFIX = 'apppool:';

const SERVICE_FIELDS = 'Select-Object Name, DisplayName, Status, StartType | ConvertTo-Json';

export function restartServicePlan(name: string): PlannedCommand {
  const q = psQuote(checkServiceName(name), 'service name');
  return psPlan(
    `Restart-Service -Name ${q} -ErrorAction Stop; Get-Service -Name ${q} | ${SERVICE_FIELDS}`,
    `restart Windows service ${name} and read its state`,
  );
}

export function serviceStatusPlan(name: string): PlannedCommand {
  const q = psQuote(checkServiceName(name), 'service name');
  return psPlan(
    `Get-Service -Name ${q} -ErrorAction Stop | ${SERVICE_FIELDS}`,
    `read Windows service ${name}`,
  );
}

export function recycleAppPoolPlan(pool: string): PlannedCommand {
  const q = psQuote(checkServiceName(pool), 'application pool name');
  return psPlan(
    `Import-Module WebAdministration; Restart-WebAppPool -Name ${q} -ErrorAction Stop; ` +
      `Get-WebAppPoolState -Name ${q} | Select-Object Value | ConvertTo-Json`,
    `recycle IIS application pool ${pool} and read its state`,
  );
}

/** Maps PowerShell's FullyQualifiedErrorId to our codes; anything else is COMMAND_FAILED. */
export function serviceFailure(name: string, output: CommandOutput): WindowsRunnerError {
  const id = /FullyQualifiedErrorId\s*:\s*([A-Za-z]+)/.exec(output.stderr)?.[1] ?? '';
  const code =
    id === 'NoServiceFoundForGivenName'
      ? 'SERVICE_NOT_FOUND'
      : id === 'StartServiceFailed' || id === 'CouldNotStartService'
        ? 'SERVICE_START_FAILED'
        : 'COMMAND_FAILED';
  const message = output.stderr.trim().split(/\r?\n/, 1)[0] ?? '';
  return new WindowsRunnerError(code, `service ${name}: ${message}`, {
    details: { service: name, exitCode: output.exitCode, errorId: id || undefined },
  });
}

function enumName(value: unknown, names: Record<number, string>): string | undefined {
  if (typeof value === 'number') return names[value] ?? String(value);
  return typeof value === 'string' ? value : undefined;
}

/** Reads `Get-Service | Select-Object Name, DisplayName, Status, StartType | ConvertTo-Json`. */
export function parseServiceState(name: string, output: CommandOutput): RestartResult {
  if (output.exitCode !== 0) throw serviceFailure(name, output);
  const json = parseJsonObject(output.stdout, 'Get-Service');
  const status = enumName(json.Status, SERVICE_STATUS);
  if (typeof json.Name !== 'string' || status === undefined)
    throw new WindowsRunnerError('OUTPUT_UNPARSABLE', 'Get-Service: no Name/Status', { details: { name } });
  return {
    service: name,
    healthy: status === 'Running',
    detail: {
      kind: 'windows-service',
      name: json.Name,
      displayName: json.DisplayName,
      status,
      startType: enumName(json.StartType, START_TYPE),
    },
  };
}

/** Reads `Get-WebAppPoolState | Select-Object Value | ConvertTo-Json` (`Started`, `Stopped`, …). */
export function parseAppPoolState(pool: string, output: CommandOutput): RestartResult {
  if (output.exitCode !== 0) throw serviceFailure(pool, output);
  const json = parseJsonObject(output.stdout, 'Get-WebAppPoolState');
  if (typeof json.Value !== 'string')
    throw new WindowsRunnerError('OUTPUT_UNPARSABLE', 'Get-WebAppPoolState: no Value', { details: { pool } });
  return {
    service: `${APP_POOL_PREFIX}${pool}`,
    healthy: json.Value === 'Started',
    detail: { kind: 'iis-app-pool', name: pool, state: json.Value },
  };
}
