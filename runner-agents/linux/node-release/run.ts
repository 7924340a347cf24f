import { exec, type ExecResult } from '../exec';

/**
 * Runs one command of a build. The Linux runner passes its sandbox here (network off, only the
 * listed directories writable); the default runs it directly. Same shape as python-env's runner.
 */
export type NodeCommandRunner = (
  argv: string[],
  writable: string[],
  readable: string[],
) => Promise<ExecResult>;

export const directRunner: NodeCommandRunner = (argv) => exec(argv, { timeoutMs: 15 * 60 * 1000 });

/** The last lines of a failed command's output, for the error message. */
export function outputTail(r: ExecResult): string {
  return `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-8).join('\n');
}
