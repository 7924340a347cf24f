import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isPortInUse } from '../../lib/net';
import { TemporalBootstrapError } from './errors';
import { HALE_SEARCH_ATTRIBUTES } from './search-attributes';
import { waitForTemporal } from './wait';

export interface DevServerOptions {
  cliPath: string;
  /** Holds temporal.db and temporal.log. */
  dataDir: string;
  host?: string;
  port: number;
  uiPort: number;
  namespace?: string;
  /** Give up waiting for the server after this long (default 60 s). */
  startTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Dynamic config every dev server Hale starts gets (the demo's, the suite's, the benchmarks').
 * Eager activity dispatch: an activity on the workflow's own task queue goes back to the worker in the
 * workflow task's completion instead of through matching; on this machine it takes a stage that
 * records one ledger entry from ~100 ms to ~17 ms (docs/operations.md). History events are unchanged.
 */
export const DEV_SERVER_EXTRA_ARGS: readonly string[] = [
  '--dynamic-config-value',
  'system.enableActivityEagerExecution=true',
];

/** Starts `temporal server start-dev` as a child process, persisted in <dataDir>/temporal.db. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const host = opts.host ?? '127.0.0.1';
  for (const [what, port] of [
    ['gRPC', opts.port],
    ['UI', opts.uiPort],
  ] as const) {
    if (await isPortInUse(port, host)) {
      throw new TemporalBootstrapError(
        'TEMPORAL_PORT_IN_USE',
        `Temporal ${what} port ${host}:${port} is already in use (set HALE_TEMPORAL_PORT / HALE_TEMPORAL_UI_PORT, or TEMPORAL_ADDRESS to use a running server)`,
        { details: { port, host } },
      );
    }
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const logFile = path.join(opts.dataDir, 'temporal.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(opts.dataDir, 'temporal.db'),
    '--ip',
    host,
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    '--namespace',
    opts.namespace ?? 'default',
    '--log-format',
    'json',
    ...HALE_SEARCH_ATTRIBUTES.flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
    ...DEV_SERVER_EXTRA_ARGS,
  ];
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const address = `${host}:${opts.port}`;
  try {
    await Promise.race([
      waitForTemporal(address, opts.namespace ?? 'default', opts.startTimeoutMs ?? 60000),
      exited.then((code) => {
        throw new TemporalBootstrapError(
          'TEMPORAL_START_FAILED',
          `temporal server exited with code ${code}; see ${logFile}`,
        );
      }),
    ]);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return {
    address,
    uiUrl: `http://${host}:${opts.uiPort}`,
    pid: child.pid ?? -1,
    logFile,
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess, graceMs = 10000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}
