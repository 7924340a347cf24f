import { spawn } from 'node:child_process';

export interface CaptureResult {
  /** Exit code; null when the process could not start or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not start (ENOENT, EACCES). */
  spawnError?: string;
  ms: number;
}

export interface CaptureOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Aborting kills the process (SIGKILL). */
  signal?: AbortSignal;
  /** Characters kept of each stream (default 4 MiB). */
  maxChars?: number;
}

/** Runs `cmd args` without a shell and collects its output (bounded); never rejects. */
export function runCapture(cmd: string, args: string[], opts: CaptureOptions = {}): Promise<CaptureResult> {
  const started = Date.now();
  const max = opts.maxChars ?? 4 * 1024 * 1024;
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.signal ? { signal: opts.signal, killSignal: 'SIGKILL' as const } : {}),
    });
    let stdout = '';
    let stderr = '';
    let spawnError: string | undefined;
    child.stdout.on('data', (c: Buffer) => {
      if (stdout.length < max) stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-max);
    });
    child.on('error', (err) => {
      spawnError = err.message;
    });
    child.on('close', (code) => {
      resolve({ code, stdout, stderr, ms: Date.now() - started, ...(spawnError ? { spawnError } : {}) });
    });
  });
}
