import type { CommandOutput, PlannedCommand } from '../api';
import { WindowsRunnerError } from './errors';

/** The PowerShell host and its fixed options; every script is one `-Command` argument. */
export const POWERSHELL = 'powershell.exe';
export const POWERSHELL_OPTIONS = ['-NoProfile', '-NonInteractive', '-Command'] as const;

/** C0/C1 controls, DEL, and the line/paragraph separators PowerShell also treats as newlines. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Double quotes (ASCII and the typographic ones PowerShell accepts) would break `-Command "…"`. */
const DOUBLE_QUOTES = /["\u201c\u201d\u201e]/;
/** PowerShell ends a single-quoted string at any of these, so each is doubled when quoting. */
const SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

/**
 * Quotes `value` as a PowerShell single-quoted (verbatim) string: no `$`, backtick or subexpression
 * expansion happens inside, and every single-quote character (ASCII or typographic) is doubled.
 * Refuses control characters and double quotes, which could escape the `-Command` argument.
 */
export function psQuote(value: string, what = 'value'): string {
  if (CONTROL.test(value))
    throw new WindowsRunnerError('NAME_INVALID', `${what} contains a control character`, {
      details: { what },
    });
  if (DOUBLE_QUOTES.test(value))
    throw new WindowsRunnerError('NAME_INVALID', `${what} contains a double quote`, { details: { what } });
  return `'${value.replace(SINGLE_QUOTES, (q) => q + q)}'`;
}

/** A Windows service or IIS application pool name: 1–256 characters, no slashes, nothing PowerShell-unsafe. */
export function checkServiceName(name: string): string {
  if (name.length === 0 || name.length > 256 || /[\\/]/.test(name))
    throw new WindowsRunnerError('NAME_INVALID', 'service name must be 1-256 characters without slashes', {
      details: { name },
    });
  psQuote(name, 'service name');
  return name;
}

/** An absolute Windows path (drive `C:\…` or UNC `\\server\share\…`) without `..` segments. */
export function checkWindowsPath(value: string, what = 'path'): string {
  const absolute = /^[A-Za-z]:\\/.test(value) || /^\\\\[^\\]+\\[^\\]+/.test(value);
  if (!absolute || value.split('\\').includes('..') || CONTROL.test(value) || DOUBLE_QUOTES.test(value))
    throw new WindowsRunnerError('PATH_INVALID', `${what} must be an absolute Windows path`, {
      details: { what, value },
    });
  return value;
}

/** One PowerShell step: `powershell.exe -NoProfile -NonInteractive -Command "<script>"`. */
export function psPlan(script: string, purpose: string): PlannedCommand {
  return { program: POWERSHELL, args: [...POWERSHELL_OPTIONS, script], purpose };
}

/** Fails with COMMAND_FAILED (or `code`) unless the command exited 0. */
export function requireSuccess(
  command: PlannedCommand,
  output: CommandOutput,
  code: 'COMMAND_FAILED' | 'SERVICE_START_FAILED' = 'COMMAND_FAILED',
): void {
  if (output.exitCode === 0) return;
  throw new WindowsRunnerError(code, `${command.program} exited ${output.exitCode}: ${firstLine(output)}`, {
    details: { program: command.program, exitCode: output.exitCode, stderr: output.stderr.slice(0, 4000) },
  });
}

/** Parses `ConvertTo-Json` output; a single object and an array of objects both come back as an array. */
export function parseJsonList(stdout: string, what: string): Record<string, unknown>[] {
  let value: unknown;
  try {
    value = JSON.parse(stdout.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new WindowsRunnerError('OUTPUT_UNPARSABLE', `${what}: not JSON`, { cause: err, details: { what } });
  }
  const list = Array.isArray(value) ? value : [value];
  if (
    !list.every((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v))
  )
    throw new WindowsRunnerError('OUTPUT_UNPARSABLE', `${what}: expected JSON objects`, {
      details: { what },
    });
  return list;
}

/** The single object of a `ConvertTo-Json` output. */
export function parseJsonObject(stdout: string, what: string): Record<string, unknown> {
  const list = parseJsonList(stdout, what);
  const [first] = list;
  if (list.length !== 1 || first === undefined)
    throw new WindowsRunnerError('OUTPUT_UNPARSABLE', `${what}: expected one JSON object`, {
      details: { what },
    });
  return first;
}

export function firstLine(output: CommandOutput): string {
  const text = output.stderr.trim() || output.stdout.trim();
  return text.split(/\r?\n/, 1)[0] ?? '';
}
