import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../lib/fs';
import type { ServiceDriver } from './driver';

import { ServiceDriverError } from './driver-errors';
import { probeHealth } from './health-probe';

export { ServiceDriverError, type ServiceDriverCode } from './driver-errors';

export interface ProcessServiceSpec {
  name: string;
  /**
   * argv. `{venv}` in an element is replaced by the real path venv_current points to at start, so a
   * running process never mixes two environments (a later flip does not affect it until a restart).
   */
  command: string[];
  cwd: string;
  env?: Record<string, string>;
  /** Where the pid/state file and logs live. */
  stateDir: string;
  /** Python environment root (for `{venv}`). */
  venvRoot?: string;
  /** Node release root (for `{release}` = the real path `current` points to at start). */
  releaseRoot?: string;
  /** A fixed environment for `{venv}` / `{release}` instead of the current one (a blue/green candidate). */
  envDir?: string;
  /** Probed after every start: healthy = HTTP 2xx. */
  healthUrl?: string;
  healthTimeoutMs?: number;
  stopTimeoutMs?: number;
}

export interface ServiceState {
  pid: number;
  /** /proc/<pid>/stat starttime (clock ticks): tells our process from a reused pid. */
  procStart: string;
  startedAt: string;
  /** The real environment directory the process started on (venv, or Node release). */
  venv: string | null;
  restarts: number;
}

export interface ServiceStatus {
  running: boolean;
  state: ServiceState | undefined;
  uptimeS: number | undefined;
}

function procStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * The supervised-process service driver (used where systemd is not PID 1): the service runs
 * detached in its own session with logs appended to files, its pid and start time in a state file,
 * so a new runner process (after a crash) adopts it instead of starting a second copy.
 */
export class ProcessDriver implements ServiceDriver {
  constructor(private readonly spec: ProcessServiceSpec) {}

  private get stateFile(): string {
    return path.join(this.spec.stateDir, `${this.spec.name}.state.json`);
  }

  readState(): ServiceState | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.stateFile, 'utf8')) as ServiceState;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  status(): ServiceStatus {
    const state = this.readState();
    const running = state !== undefined && procStart(state.pid) === state.procStart;
    return {
      running,
      state,
      uptimeS: running && state ? (Date.now() - Date.parse(state.startedAt)) / 1000 : undefined,
    };
  }

  /** Starts the service unless it runs; waits until healthy when a health URL is set. */
  async start(): Promise<ServiceState> {
    const current = this.status();
    if (current.running && current.state) return current.state;
    fs.mkdirSync(this.spec.stateDir, { recursive: true });
    const venv = this.spec.envDir
      ? fs.realpathSync(this.spec.envDir)
      : this.spec.venvRoot
        ? fs.realpathSync(path.join(this.spec.venvRoot, 'venv_current'))
        : this.spec.releaseRoot
          ? fs.realpathSync(path.join(this.spec.releaseRoot, 'current'))
          : null;
    const fill = (a: string) => (venv ? a.split('{venv}').join(venv).split('{release}').join(venv) : a);
    const argv = this.spec.command.map(fill);
    const out = fs.openSync(path.join(this.spec.stateDir, `${this.spec.name}.log`), 'a');
    const [program, ...args] = argv;
    if (!program) throw new ServiceDriverError('SERVICE_START_FAILED', `${this.spec.name}: empty command`);
    const child = spawn(program, args, {
      cwd: fill(this.spec.cwd),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...this.spec.env },
      detached: true,
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', (err) =>
        reject(
          new ServiceDriverError('SERVICE_START_FAILED', `${this.spec.name}: ${err.message}`, { cause: err }),
        ),
      );
      child.once('spawn', () => resolve(child.pid as number));
    });
    child.unref();
    const state: ServiceState = {
      pid,
      procStart: procStart(pid) ?? '',
      startedAt: new Date().toISOString(),
      venv,
      restarts: (this.readState()?.restarts ?? -1) + 1,
    };
    writeFileAtomic(this.stateFile, `${JSON.stringify(state)}\n`);
    if (this.spec.healthUrl) await this.waitHealthy();
    return state;
  }

  /** SIGTERM to the service's process group, SIGKILL after stopTimeoutMs. */
  async stop(): Promise<void> {
    const { running, state } = this.status();
    if (!running || !state) return;
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-state.pid, sig);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + (this.spec.stopTimeoutMs ?? 10000);
    while (procStart(state.pid) === state.procStart && Date.now() < deadline) await sleep(50);
    if (procStart(state.pid) === state.procStart) {
      signal('SIGKILL');
      const hard = Date.now() + 5000;
      while (procStart(state.pid) === state.procStart && Date.now() < hard) await sleep(50);
      if (procStart(state.pid) === state.procStart) {
        throw new ServiceDriverError(
          'SERVICE_STOP_FAILED',
          `${this.spec.name}: pid ${state.pid} survives SIGKILL`,
        );
      }
    }
  }

  async restart(): Promise<ServiceState> {
    await this.stop();
    return this.start();
  }

  /** Polls the health URL until it answers 2xx (SERVICE_UNHEALTHY with the last answer otherwise). */
  async waitHealthy(): Promise<unknown> {
    const url = this.spec.healthUrl;
    if (!url) return undefined;
    return probeHealth({
      name: this.spec.name,
      url,
      ...(this.spec.healthTimeoutMs === undefined ? {} : { timeoutMs: this.spec.healthTimeoutMs }),
      stillRunning: async () => this.status().running,
      logHint: `${this.spec.stateDir}/${this.spec.name}.log`,
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
