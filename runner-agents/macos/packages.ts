import path from 'node:path';
import type { CommandOutput, PlannedCommand } from '../api';
import { checkPath, firstLine } from './checks';
import { MacRunnerError } from './errors';

/** Homebrew must not update itself, fetch the formula API, or phone home. */
export const BREW_ENV = [
  'HOMEBREW_NO_AUTO_UPDATE=1',
  'HOMEBREW_NO_INSTALL_FROM_API=1',
  'HOMEBREW_NO_ANALYTICS=1',
];

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,199}$/;

/** The cached file of `<kind>/<name>/<version>/<file>`: `<cache>/<file>`, which must belong to name and version. */
export function cachedFile(
  cache: string,
  name: string,
  version: string,
  file: string,
  suffix: string,
): string {
  if (![name, version, file].every((s) => SEGMENT.test(s)) || !file.endsWith(suffix))
    throw new MacRunnerError('ARTIFACT_UNSUPPORTED', `expected a ${suffix} file of ${name} ${version}`, {
      details: { name, version, file },
    });
  if (suffix === '.bottle.tar.gz' && !file.startsWith(`${name}--${version}.`))
    throw new MacRunnerError(
      'ARTIFACT_UNSUPPORTED',
      'bottle file name must be <name>--<version>.<tag>.bottle.tar.gz',
      {
        details: { file },
      },
    );
  return path.posix.join(checkPath(cache, 'cache directory'), file);
}

/** `env HOMEBREW_NO_AUTO_UPDATE=1 HOMEBREW_NO_INSTALL_FROM_API=1 … brew install --force-bottle <bottle>`. */
export function brewInstallPlan(bottle: string): PlannedCommand {
  return {
    program: '/usr/bin/env',
    args: [...BREW_ENV, 'brew', 'install', '--force-bottle', checkPath(bottle, 'bottle')],
    purpose: `pour ${path.posix.basename(bottle)} from the local bottle cache`,
  };
}

/** `installer -pkg <pkg> -target /`. */
export function pkgInstallPlan(pkg: string): PlannedCommand {
  return {
    program: 'installer',
    args: ['-pkg', checkPath(pkg, 'package'), '-target', '/'],
    purpose: `install ${path.posix.basename(pkg)}`,
  };
}

export interface MacInstallOutcome {
  installer: 'homebrew' | 'pkg';
  /** Homebrew: the keg poured (`/opt/homebrew/Cellar/<name>/<version>`). */
  keg?: string;
  summary: string;
}

/** Homebrew ends a pour with `🍺  <keg>: N files, SIZE`; installer with `The install was successful.` */
export function parseInstall(
  installer: MacInstallOutcome['installer'],
  command: PlannedCommand,
  output: CommandOutput,
): MacInstallOutcome {
  const text = `${output.stdout}\n${output.stderr}`;
  const pour = /🍺\s+(\S+): ([^\n]+)/.exec(text);
  const ok =
    output.exitCode === 0 &&
    (installer === 'homebrew' ? pour !== null : /installer: The install was successful\./.test(text));
  if (!ok) {
    const error = text.split('\n').find((l) => /^Error:|installer: Error/.test(l.trim()));
    throw new MacRunnerError(
      'COMMAND_FAILED',
      `${installer} install failed: ${error?.trim() ?? firstLine(output)}`,
      {
        details: { program: command.program, exitCode: output.exitCode },
      },
    );
  }
  return installer === 'homebrew'
    ? { installer, keg: pour?.[1], summary: pour?.[2] ?? '' }
    : { installer, summary: 'The install was successful.' };
}
