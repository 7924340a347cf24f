import type { SandboxSpec } from '../api';
import type { ExecResult } from './exec';
import { runSandboxed } from './sandbox';

/** Runs one build command with only `writable` writable and `readable` visible (shape shared by the Python and Node builds). */
export type SandboxedCommandRunner = (
  argv: string[],
  writable: string[],
  readable: string[],
) => Promise<ExecResult>;

/**
 * A build command runner that confines every command in bubblewrap (network off, read-only root,
 * only the listed directories writable) and collects the exact spec of each run for the ledger.
 */
export function sandboxedRunner(specs: SandboxSpec[], timeoutMs = 15 * 60 * 1000): SandboxedCommandRunner {
  return async (argv, writable, readable): Promise<ExecResult> => {
    const r = await runSandboxed(argv, { writable, readable, timeoutMs });
    specs.push(r.spec);
    return {
      exitCode: r.exitCode,
      signal: r.signal as NodeJS.Signals | null,
      stdout: r.stdout,
      stderr: r.stderr,
      durationMs: r.durationMs,
    };
  };
}
