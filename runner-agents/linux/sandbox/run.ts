import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { SandboxPolicy, SandboxResult } from '../../api';
import { SandboxError } from './errors';
import { BWRAP_INSTALL_HINT, findBwrap } from './find-bwrap';
import { DEFAULT_TIMEOUT_MS, bwrapSpec } from './spec';

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

export interface RunSandboxedOptions {
  /** bwrap to run (default: findBwrap() on $PATH). */
  bwrap?: string;
  /** Cap on each of stdout and stderr kept in the result (default 1 MiB); the rest is drained and dropped. */
  maxOutputBytes?: number;
  /** Streams output as it arrives (the CLI passes the command's output through). */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Aborting kills the sandbox (its whole process group) with SIGKILL. */
  signal?: AbortSignal;
}

/** Keeps the first `max` bytes of a stream and counts the rest. */
class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    const part = chunk.subarray(0, Math.max(0, this.max - this.kept));
    if (part.length > 0) this.chunks.push(part);
    this.kept += part.length;
    this.dropped += chunk.length - part.length;
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped > 0
      ? `${text}\n[hale: output truncated, ${this.dropped} more bytes dropped]\n`
      : text;
  }
}

/** bwrap exits 128+N when the command died of signal N (it cannot pass the signal itself on). */
function signalOf(exitCode: number | null): NodeJS.Signals | null {
  if (exitCode === null || exitCode <= 128) return null;
  const entry = Object.entries(constants.signals).find(([, n]) => n === exitCode - 128);
  return (entry?.[0] as NodeJS.Signals | undefined) ?? null;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // ESRCH: already gone
  }
}

/**
 * Runs `cmd` under bubblewrap as bwrapSpec describes: no shell, stdin closed, output captured (capped),
 * killed with its process group after `policy.timeoutMs` (default 10 minutes). A command killed by a
 * signal reports `exitCode: null` and the signal's name.
 */
export async function runSandboxed(
  cmd: string[],
  policy: SandboxPolicy,
  options: RunSandboxedOptions = {},
): Promise<SandboxResult> {
  const spec = bwrapSpec(cmd, policy, { bwrap: options.bwrap ?? findBwrap() });
  const [program, ...args] = spec.argv as [string, ...string[]];
  const stdout = new CappedBuffer(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  const stderr = new CappedBuffer(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  const started = process.hrtime.bigint();
  // detached: bwrap leads its own process group, so a timeout can kill the group in one call.
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: false });
  child.stdout.on('data', (chunk: Buffer) => {
    stdout.push(chunk);
    options.onStdout?.(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    options.onStderr?.(chunk);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, policy.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const onAbort = (): void => killGroup(child.pid);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          err.code === 'ENOENT'
            ? new SandboxError('SANDBOX_UNAVAILABLE', `${program} not found: ${BWRAP_INSTALL_HINT}`, {
                cause: err,
              })
            : new SandboxError('SANDBOX_SPAWN_FAILED', `cannot start ${program}: ${err.message}`, {
                cause: err,
              }),
        );
      });
      // 'close' (not 'exit'): all output has been read.
      child.once('close', (c: number | null, s: NodeJS.Signals | null) => resolve([c, s]));
    });
    const inner = signalOf(code);
    return {
      exitCode: inner === null ? code : null,
      signal: signal ?? inner,
      stdout: stdout.text(),
      stderr: stderr.text(),
      durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      timedOut,
      spec,
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
