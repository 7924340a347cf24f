import type { CommandOutput, PlannedCommand } from '../api';
import { WindowsRunnerError } from './errors';
import { parseJsonList, psPlan, psQuote, requireSuccess } from './powershell';

const SHADOW_ID = /^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/;

export interface ShadowCopy {
  id: string;
  deviceObject: string;
  volumeName?: string;
  installDate?: unknown;
}

/** `vssadmin create shadow /for=C:` (Windows Server; client editions have no `create shadow`). */
export function createShadowPlan(volume: string): PlannedCommand {
  if (!/^[A-Za-z]:$/.test(volume))
    throw new WindowsRunnerError('PATH_INVALID', 'volume must be a drive letter like C:', {
      details: { volume },
    });
  return {
    program: 'vssadmin',
    args: ['create', 'shadow', `/for=${volume}`],
    purpose: `VSS snapshot of ${volume} before the change`,
  };
}

/** Reads `Shadow Copy ID: {…}` and `Shadow Copy Volume Name: \\?\GLOBALROOT\…` from vssadmin's output. */
export function parseCreateShadow(command: PlannedCommand, output: CommandOutput): ShadowCopy {
  requireSuccess(command, output);
  const id = /Shadow Copy ID:\s*(\{[0-9a-fA-F-]{36}\})/.exec(output.stdout)?.[1];
  const deviceObject = /Shadow Copy Volume Name:\s*(\S+)/.exec(output.stdout)?.[1];
  if (!id || !deviceObject)
    throw new WindowsRunnerError('OUTPUT_UNPARSABLE', 'vssadmin: no shadow copy id in the output', {
      details: { stdout: output.stdout.slice(0, 2000) },
    });
  return { id, deviceObject };
}

/** `Get-CimInstance Win32_ShadowCopy` filtered to one id. */
export function findShadowPlan(id: string): PlannedCommand {
  if (!SHADOW_ID.test(id))
    throw new WindowsRunnerError('NAME_INVALID', 'a shadow copy id is a braced GUID', { details: { id } });
  return psPlan(
    `Get-CimInstance -ClassName Win32_ShadowCopy | Where-Object { $_.ID -eq ${psQuote(id)} } | ` +
      'Select-Object ID, DeviceObject, VolumeName, InstallDate | ConvertTo-Json',
    `look up VSS snapshot ${id}`,
  );
}

/** Empty output (no match) is SNAPSHOT_NOT_FOUND. */
export function parseFindShadow(id: string, command: PlannedCommand, output: CommandOutput): ShadowCopy {
  requireSuccess(command, output);
  if (output.stdout.trim() === '')
    throw new WindowsRunnerError('SNAPSHOT_NOT_FOUND', `no shadow copy ${id}`, { details: { id } });
  const [json] = parseJsonList(output.stdout, 'Win32_ShadowCopy');
  if (!json || typeof json.ID !== 'string' || typeof json.DeviceObject !== 'string')
    throw new WindowsRunnerError('OUTPUT_UNPARSABLE', 'Win32_ShadowCopy: no ID/DeviceObject', {
      details: { id },
    });
  return {
    id: json.ID,
    deviceObject: json.DeviceObject,
    volumeName: typeof json.VolumeName === 'string' ? json.VolumeName : undefined,
    installDate: json.InstallDate,
  };
}
