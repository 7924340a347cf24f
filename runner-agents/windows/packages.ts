import path from 'node:path';
import type { CommandOutput, PlannedCommand } from '../api';
import { WindowsRunnerError } from './errors';
import { checkWindowsPath, firstLine } from './powershell';

/** Where offline packages come from on the host: never a public feed. */
export interface WindowsPackageSources {
  /** Folder or share of `.nupkg` files (Chocolatey `--source`). */
  chocolatey: string;
  /** Name of a winget source registered on the host that points at the local store export. */
  winget: string;
  /** Folder or share holding MSIs as `<name>\<version>\<file>`. */
  msi: string;
  /** Folder for msiexec verbose logs. */
  logDir: string;
}

const PACKAGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const VERSION = /^[0-9][0-9A-Za-z.+-]{0,63}$/;
const FILE = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,199}$/;

function check(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value))
    throw new WindowsRunnerError('NAME_INVALID', `${what} has characters outside ${pattern.source}`, {
      details: { what, value },
    });
  return value;
}

/** `choco install <id> --version <v> --source <local> --no-progress -y` (the local source only). */
export function chocoInstallPlan(
  id: string,
  version: string,
  sources: WindowsPackageSources,
): PlannedCommand {
  return {
    program: 'choco',
    args: [
      'install',
      check(id, PACKAGE_ID, 'package id'),
      '--version',
      check(version, VERSION, 'version'),
      '--source',
      checkWindowsPath(sources.chocolatey, 'Chocolatey source'),
      '--no-progress',
      '-y',
    ],
    purpose: `install ${id} ${version} from the local Chocolatey source`,
  };
}

/** `winget install --id <id> --exact --version <v> --source <local> …` with no prompts. */
export function wingetInstallPlan(
  id: string,
  version: string,
  sources: WindowsPackageSources,
): PlannedCommand {
  return {
    program: 'winget',
    args: [
      'install',
      '--id',
      check(id, PACKAGE_ID, 'package id'),
      '--exact',
      '--version',
      check(version, VERSION, 'version'),
      '--source',
      check(sources.winget, PACKAGE_ID, 'winget source name'),
      '--accept-package-agreements',
      '--disable-interactivity',
    ],
    purpose: `install ${id} ${version} from the local winget source`,
  };
}

/** The share path of an MSI: `<msi share>\<name>\<version>\<file>`. */
export function msiPath(name: string, version: string, file: string, sources: WindowsPackageSources): string {
  if (!file.toLowerCase().endsWith('.msi'))
    throw new WindowsRunnerError('ARTIFACT_UNSUPPORTED', 'an msi artifact must name a .msi file', {
      details: { file },
    });
  return path.win32.join(
    checkWindowsPath(sources.msi, 'MSI share'),
    check(name, PACKAGE_ID, 'package name'),
    check(version, VERSION, 'version'),
    check(file, FILE, 'file name'),
  );
}

/** `msiexec /i <share path> /qn /norestart /l*v <log>`. */
export function msiInstallPlan(msi: string, log: string): PlannedCommand {
  return {
    program: 'msiexec.exe',
    args: [
      '/i',
      checkWindowsPath(msi, 'MSI path'),
      '/qn',
      '/norestart',
      '/l*v',
      checkWindowsPath(log, 'log path'),
    ],
    purpose: `install ${path.win32.basename(msi)} silently, without a reboot`,
  };
}

/** Exit codes that mean "installed" (3010/1641: a reboot is needed or was started). */
const INSTALL_OK = new Set([0, 1641, 3010]);

export interface InstallOutcome {
  installer: 'chocolatey' | 'winget' | 'msi';
  exitCode: number;
  rebootRequired: boolean;
  summary: string;
}

/** Reads an installer's exit code and summary line; anything else than success is COMMAND_FAILED. */
export function parseInstall(
  installer: InstallOutcome['installer'],
  command: PlannedCommand,
  output: CommandOutput,
): InstallOutcome {
  const { exitCode } = output;
  const summary =
    installer === 'chocolatey'
      ? (/Chocolatey installed (\d+)\/(\d+) packages\.[^\r\n]*/.exec(output.stdout)?.[0] ?? '')
      : installer === 'winget'
        ? /^Successfully installed/m.test(output.stdout)
          ? 'Successfully installed'
          : ''
        : '';
  const chocoPartial = installer === 'chocolatey' && !/installed (\d+)\/\1 packages/.test(summary);
  const wingetSilent = installer === 'winget' && summary === '';
  if (!INSTALL_OK.has(exitCode) || chocoPartial || wingetSilent)
    throw new WindowsRunnerError('COMMAND_FAILED', `${installer} install failed: ${firstFailure(output)}`, {
      details: {
        program: command.program,
        exitCode,
        exitCodeHex: `0x${(exitCode >>> 0).toString(16).toUpperCase()}`,
        summary,
      },
    });
  return { installer, exitCode, rebootRequired: exitCode !== 0, summary: summary || `exit ${exitCode}` };
}

function firstFailure(output: CommandOutput): string {
  const line = output.stdout
    .split(/\r?\n/)
    .find((l) => /not installed|failed|No package found|No applicable|error/i.test(l));
  return line?.trim() ?? firstLine(output);
}
