import { execFile } from 'node:child_process';

export interface OpaRun {
  /** Exit code; -1 when opa could not be started or was killed. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the opa CLI (a path from infra/tools `resolveOpa`) and collects its output; never throws. */
export function runOpa(opa: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<OpaRun> {
  return new Promise((resolve) => {
    execFile(
      opa,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, OPA_TELEMETRY: 'off' } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        const started = err && typeof err.code === 'string' ? `cannot run ${opa}: ${err.message}\n` : '';
        resolve({ code, stdout: String(stdout), stderr: `${started}${String(stderr)}` });
      },
    );
  });
}
