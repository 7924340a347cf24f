import type { CommandOutput, PlannedCommand } from '../api';
import { MacRunnerError } from './errors';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** A launchd label (reverse-DNS style): no `/` (which would name another domain), spaces or controls. */
export function checkLabel(label: string): string {
  if (!LABEL.test(label))
    throw new MacRunnerError('NAME_INVALID', `launchd label must match ${LABEL.source}`, {
      details: { label },
    });
  return label;
}

/** An absolute POSIX path without `..` segments, control characters, `"` or `\` (unsafe in sandbox profiles). */
export function checkPath(value: string, what = 'path'): string {
  if (!value.startsWith('/') || value.split('/').includes('..') || CONTROL.test(value) || /["\\]/.test(value))
    throw new MacRunnerError(
      'PATH_INVALID',
      `${what} must be an absolute path without .., quotes or controls`,
      {
        details: { what, value },
      },
    );
  return value;
}

export function requireSuccess(command: PlannedCommand, output: CommandOutput): void {
  if (output.exitCode === 0) return;
  throw new MacRunnerError(
    'COMMAND_FAILED',
    `${command.program} exited ${output.exitCode}: ${firstLine(output)}`,
    {
      details: { program: command.program, exitCode: output.exitCode, stderr: output.stderr.slice(0, 4000) },
    },
  );
}

export function firstLine(output: CommandOutput): string {
  const text = output.stderr.trim() || output.stdout.trim();
  return text.split('\n', 1)[0] ?? '';
}
