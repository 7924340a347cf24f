import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** Repository root: child scripts run here so `require('pg')` resolves from node_modules. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Prefix for a child script that needs Hale's TypeScript sources (no build, no ts-jest): compiles
 * each required .ts file with TypeScript's transpileModule.
 */
export const TS_REQUIRE_HOOK = `
const ts = require('typescript');
require.extensions['.ts'] = (m, filename) => {
  const source = require('fs').readFileSync(filename, 'utf8');
  const out = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  m._compile(out.outputText, filename);
};
`;

export interface ChildRun {
  child: ChildProcess;
  /** Settles when the process exits (never rejects). */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  exited(): boolean;
}

/** Runs `node -e script` as a separate OS process (plain JS, no ts-jest). */
export function runNode(script: string, env: Record<string, string> = {}): ChildRun {
  const child = spawn(process.execPath, ['-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => {
      exited = true;
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done, exited: () => exited };
}

/** The pid of a process that has already exited (for stale-lock tests). */
export async function deadPid(): Promise<number> {
  const run = runNode('');
  const pid = run.child.pid;
  await run.done;
  if (pid === undefined) throw new Error('could not spawn node');
  return pid;
}

/** A live process that outlives the test until `stop()` (for live-lock tests). */
export function liveProcess(): { pid: number; stop(): Promise<void> } {
  const run = runNode('setInterval(() => {}, 1000)');
  if (run.child.pid === undefined) throw new Error('could not spawn node');
  return {
    pid: run.child.pid,
    async stop() {
      if (!run.exited()) run.child.kill('SIGTERM');
      await run.done;
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
