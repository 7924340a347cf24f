import fs from 'node:fs';
import path from 'node:path';
import { REDACTED, isSecretKey, redactString } from '../../../lib/telemetry/redact-patterns';
import { SandboxError, runSandboxed } from '../sandbox';
import type { ProcessServiceSpec } from '../services/process-driver';

/** A service's integration tests, run by `verify` against the staged candidate (`blueGreen.tests`). */
export interface IntegrationTests {
  /** argv; `{venv}` = the candidate's environment; `HALE_TARGET_URL` points at the service. */
  command: string[];
  /** The whole run (service start + tests) is killed after this long (default 60 s). */
  timeoutMs?: number;
  /** The port the service listens on inside the sandbox's own network namespace (default 18999). */
  port?: number;
}

export interface TestsResult {
  ran: boolean;
  /** true only when the tests ran and exited 0 (false when none are configured: see `ran`). */
  ok: boolean;
  exit_code: number | null;
  duration_ms: number;
  /** The last 4 KiB of the combined output (the service's log tail appended on failure), redacted. */
  output_tail: string;
}

export const DEFAULT_TESTS_TIMEOUT_MS = 60_000;
export const DEFAULT_TESTS_PORT = 18999;
const TAIL_BYTES = 4096;
/** Output kept while the tests run (more than the tail, so redaction sees whole secrets). */
const KEEP_BYTES = 64 * 1024;

export const NO_TESTS: TestsResult = {
  ran: false,
  ok: false,
  exit_code: null,
  duration_ms: 0,
  output_tail: '',
};

const shQuote = (arg: string): string => `'${arg.split("'").join(`'\\''`)}'`;

/**
 * Starts the service in the background (its own log), runs the tests, stops the service, appends
 * the service log's tail when the tests failed, and exits with the tests' status.
 */
function script(start: string[], tests: string[]): string {
  return [
    'exec 2>&1',
    `${start.map(shQuote).join(' ')} >"$HALE_SERVICE_LOG" 2>&1 </dev/null &`,
    'svc=$!',
    tests.map(shQuote).join(' '),
    'rc=$?',
    'kill -TERM "$svc" 2>/dev/null',
    'wait "$svc" 2>/dev/null',
    'if [ "$rc" -ne 0 ]; then echo "--- service log (tail) ---"; tail -n 40 "$HALE_SERVICE_LOG"; fi',
    'exit "$rc"',
  ].join('\n');
}

/** Keeps the last KEEP_BYTES of a stream. */
class Tail {
  private buf = Buffer.alloc(0);
  push(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    if (this.buf.length > KEEP_BYTES) this.buf = this.buf.subarray(this.buf.length - KEEP_BYTES);
  }
  text(): string {
    return this.buf.toString('utf8');
  }
}

/** The runner's redaction (secret-shaped values) plus the literal values of secret-named env entries. */
function redact(text: string, env: Record<string, string>): string {
  let out = redactString(text);
  for (const [key, value] of Object.entries(env)) {
    if (isSecretKey(key) && value.length >= 4) out = out.split(value).join(REDACTED);
  }
  const bytes = Buffer.from(out, 'utf8');
  if (bytes.length <= TAIL_BYTES) return out;
  return bytes
    .subarray(bytes.length - TAIL_BYTES)
    .toString('utf8')
    .replace(/^\uFFFD+/, '');
}

/**
 * Runs the integration tests inside bubblewrap (read-only root, its own network namespace whose
 * loopback works): the service starts there from the candidate's environment exactly as its slot
 * would (same command, cwd and env; PORT = `tests.port`), the tests reach it on 127.0.0.1 inside the
 * sandbox, so nothing outside — the live slot, the router, other ports — is reachable or touched.
 */
export async function runIntegrationTests(
  service: ProcessServiceSpec,
  tests: IntegrationTests,
  scratchRoot: string,
): Promise<TestsResult> {
  const envDir = fs.realpathSync(service.envDir ?? '/nonexistent');
  const fill = (a: string) => a.split('{venv}').join(envDir).split('{release}').join(envDir);
  const start = service.command.map(fill);
  const command = tests.command.map(fill);
  const cwd = fill(service.cwd);
  const port = tests.port ?? DEFAULT_TESTS_PORT;
  fs.mkdirSync(scratchRoot, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(scratchRoot, 'tests-'));
  const env = {
    ...service.env,
    PORT: String(port),
    HALE_TARGET_URL: `http://127.0.0.1:${port}`,
    HALE_SERVICE_LOG: path.join(scratch, 'service.log'),
  };
  // The root is read-only but visible; only /tmp is a fresh tmpfs inside, so inputs there are bound.
  const underTmp = [envDir, cwd, ...start, ...command].filter(
    (p) => p.startsWith('/tmp/') && fs.existsSync(p),
  );
  const tail = new Tail();
  const t = Date.now();
  try {
    const r = await runSandboxed(
      ['/bin/sh', '-c', script(start, command)],
      {
        writable: [scratch],
        readable: [...new Set(underTmp)],
        cwd,
        env,
        timeoutMs: tests.timeoutMs ?? DEFAULT_TESTS_TIMEOUT_MS,
      },
      { maxOutputBytes: TAIL_BYTES, onStdout: (c) => tail.push(c), onStderr: (c) => tail.push(c) },
    );
    const note = r.timedOut
      ? `\n[hale: integration tests killed after ${tests.timeoutMs ?? DEFAULT_TESTS_TIMEOUT_MS} ms]\n`
      : '';
    return {
      ran: true,
      ok: r.exitCode === 0 && !r.timedOut,
      exit_code: r.exitCode,
      duration_ms: Math.round(r.durationMs),
      output_tail: redact(tail.text() + note, env),
    };
  } catch (err) {
    if (!(err instanceof SandboxError)) throw err;
    return {
      ran: true,
      ok: false,
      exit_code: null,
      duration_ms: Date.now() - t,
      output_tail: redact(`[hale: ${err.code}: ${err.message}]`, env),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
