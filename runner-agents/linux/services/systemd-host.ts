import fs from 'node:fs';
import path from 'node:path';
import type { CommandExecutor, CommandOutput, PlannedCommand } from '../../api';
import { SystemdError } from './systemd-errors';

/** True when systemd is the init system under `root` (sd_booted(3): `/run/systemd/system` is a directory). */
export function systemdRunning(root = '/'): boolean {
  try {
    return fs.statSync(path.join(root, 'run', 'systemd', 'system')).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Time sources: CLOCK_MONOTONIC in µs is what systemd's `…TimestampMonotonic` properties count. */
export interface SystemdClock {
  nowMs(): number;
  monotonicUs(): bigint;
  sleep(ms: number): Promise<void>;
}

export const systemClock: SystemdClock = {
  nowMs: () => Date.now(),
  // libuv's hrtime is CLOCK_MONOTONIC on Linux.
  monotonicUs: () => process.hrtime.bigint() / 1000n,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export interface RecordedCommand {
  argv: string[];
  purpose: string;
  exitCode: number;
}

/** Runs planned commands through the executor and keeps the last `limit` of them (for the ledger). */
export class CommandRecorder {
  private readonly history: RecordedCommand[] = [];

  constructor(
    private readonly unit: string,
    private readonly executor: CommandExecutor,
    private readonly limit = 100,
  ) {}

  /** An executor that rejects (cannot start systemctl…) is SYSTEMD_COMMAND_FAILED. */
  async run(command: PlannedCommand): Promise<CommandOutput> {
    const argv = [command.program, ...command.args];
    let out: CommandOutput;
    try {
      out = await this.executor.run(command);
    } catch (err) {
      throw new SystemdError('SYSTEMD_COMMAND_FAILED', `${argv.join(' ')}: ${(err as Error).message}`, {
        cause: err,
        details: { unit: this.unit, argv },
      });
    }
    this.history.push({ argv, purpose: command.purpose, exitCode: out.exitCode });
    if (this.history.length > this.limit) this.history.shift();
    return out;
  }

  commands(): RecordedCommand[] {
    return [...this.history];
  }
}
