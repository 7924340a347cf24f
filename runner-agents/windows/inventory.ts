import type { CacheInfo, CommandOutput, Inventory, PlannedCommand } from '../api';
import { WindowsRunnerError } from './errors';
import {
  checkWindowsPath,
  parseJsonList,
  parseJsonObject,
  psPlan,
  psQuote,
  requireSuccess,
} from './powershell';

export function osInfoPlan(): PlannedCommand {
  return psPlan(
    'Get-CimInstance -ClassName Win32_OperatingSystem | ' +
      'Select-Object Caption, Version, BuildNumber, CSName, OSArchitecture | ConvertTo-Json',
    'read the operating system (Win32_OperatingSystem)',
  );
}

export function disksPlan(): PlannedCommand {
  return psPlan(
    "Get-CimInstance -ClassName Win32_LogicalDisk -Filter 'DriveType=3' | " +
      'Select-Object DeviceID, Size, FreeSpace | ConvertTo-Json',
    'read the local fixed disks (Win32_LogicalDisk)',
  );
}

function text(json: Record<string, unknown>, key: string, what: string): string {
  const value = json[key];
  if (typeof value !== 'string' || value === '')
    throw new WindowsRunnerError('OUTPUT_UNPARSABLE', `${what}: no ${key}`, { details: { key } });
  return value;
}

/** Builds the inventory from the two outputs; Caption + build is the OS version, Version the kernel. */
export function parseInventory(
  os: { command: PlannedCommand; output: CommandOutput },
  disks: { command: PlannedCommand; output: CommandOutput },
): Inventory {
  requireSuccess(os.command, os.output);
  requireSuccess(disks.command, disks.output);
  const info = parseJsonObject(os.output.stdout, 'Win32_OperatingSystem');
  const caption = text(info, 'Caption', 'Win32_OperatingSystem');
  const build = text(info, 'BuildNumber', 'Win32_OperatingSystem');
  return {
    os: 'windows',
    osVersion: `${caption} (build ${build})`,
    kernel: text(info, 'Version', 'Win32_OperatingSystem'),
    hostname: text(info, 'CSName', 'Win32_OperatingSystem'),
    disk: parseJsonList(disks.output.stdout, 'Win32_LogicalDisk').map((d) => ({
      path: `${text(d, 'DeviceID', 'Win32_LogicalDisk')}\\`,
      totalBytes: Number(d.Size ?? 0),
      freeBytes: Number(d.FreeSpace ?? 0),
    })),
    services: [],
  };
}

/** Counts and sizes the files of one offline cache folder. */
export function cacheSizePlan(folder: string, filter: string): PlannedCommand {
  const q = psQuote(checkWindowsPath(folder, 'cache folder'), 'cache folder');
  return psPlan(
    `Get-ChildItem -LiteralPath ${q} -Recurse -File -Filter ${psQuote(filter)} | ` +
      'Measure-Object -Property Length -Sum | Select-Object Count, Sum | ConvertTo-Json',
    `measure the offline cache ${folder}`,
  );
}

/** `Measure-Object` reports `Sum: null` for an empty folder. */
export function parseCacheSize(
  kind: string,
  folder: string,
  command: PlannedCommand,
  output: CommandOutput,
): CacheInfo['caches'][number] {
  requireSuccess(command, output);
  const json = parseJsonObject(output.stdout, 'Measure-Object');
  if (typeof json.Count !== 'number')
    throw new WindowsRunnerError('OUTPUT_UNPARSABLE', 'Measure-Object: no Count', { details: { folder } });
  return { kind, path: folder, entries: json.Count, bytes: typeof json.Sum === 'number' ? json.Sum : 0 };
}
