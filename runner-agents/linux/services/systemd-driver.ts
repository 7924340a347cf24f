import type { CommandExecutor, CommandOutput, PlannedCommand } from '../../api';
import type { ServiceDriver, ServiceDriverStatus, ServiceRunState } from './driver';
import { probeHealth } from './health-probe';
import { ServiceDriverError, type ServiceDriverCode } from './driver-errors';
import { classifyFailure, parseWarnings, systemctlPlans } from './systemctl';
import {
  failureDetails,
  isRunning,
  parseIsActive,
  parseShow,
  startVerdict,
  type SystemdUnitState,
} from './systemctl-parse';
import { SystemdDropIns, type AppliedDropIn } from './systemd-drop-ins';
import { SystemdError } from './systemd-errors';
import { CommandRecorder, systemClock, type RecordedCommand, type SystemdClock } from './systemd-host';
import type { DropInSections, UnitDropInSnapshot } from './unit-drop-in';
import { checkServiceUnit } from './unit-name';

export interface SystemdServiceSpec {
  /** Hale's name of the service (messages, ledger). */
  name: string;
  /** The systemd unit, e.g. `payments-api.service` (validated: checkServiceUnit). */
  unit: string;
  /** Probed after every start, restart and reload: healthy = HTTP 2xx. */
  healthUrl?: string;
  healthTimeoutMs?: number;
  /** How long a unit may stay `activating` after its start job returned (default 15 s). */
  startTimeoutMs?: number;
  /** Pause between two `systemctl show` while it settles (default 250 ms). */
  pollMs?: number;
  /** Root of the drop-in files (`/` on a real host; a scratch directory in tests). */
  rootPrefix?: string;
}

export interface SystemdServiceState extends ServiceRunState {
  unit: string;
  systemd: SystemdUnitState;
}

export interface SystemdServiceStatus extends ServiceDriverStatus {
  state: SystemdServiceState | undefined;
  systemd: SystemdUnitState;
}

/**
 * The systemd service driver (hosts where systemd is PID 1, see systemdRunning). Every command is a
 * PlannedCommand run through the CommandExecutor; the last 100 are kept (`commands()`) for the ledger.
 */
export class SystemdDriver implements ServiceDriver {
  readonly unit: string;
  private readonly recorder: CommandRecorder;
  private readonly dropIns: SystemdDropIns;

  constructor(
    private readonly spec: SystemdServiceSpec,
    executor: CommandExecutor,
    private readonly clock: SystemdClock = systemClock,
  ) {
    this.unit = checkServiceUnit(spec.unit);
    this.recorder = new CommandRecorder(this.unit, executor);
    this.dropIns = new SystemdDropIns(this.unit, spec.rootPrefix ?? '/', (c) => this.run(c));
  }

  /** The commands run so far (the last 100): argv, purpose, exit status. */
  commands(): RecordedCommand[] {
    return this.recorder.commands();
  }

  private run(command: PlannedCommand): Promise<CommandOutput> {
    return this.recorder.run(command);
  }

  /** The unit's state (`systemctl show`). */
  async show(): Promise<SystemdUnitState> {
    const command = systemctlPlans.show(this.unit);
    return parseShow(this.unit, command, await this.run(command));
  }

  private stateOf(s: SystemdUnitState): { state: SystemdServiceState; uptimeS: number } {
    const since = s.execMainStartMonotonicUs;
    const uptimeUs = since > 0n ? this.clock.monotonicUs() - since : 0n;
    const uptimeS = Number(uptimeUs) / 1e6;
    const startedAt = new Date(this.clock.nowMs() - Number(uptimeUs / 1000n)).toISOString();
    return {
      state: { pid: s.mainPid, startedAt, venv: null, restarts: s.nRestarts, unit: this.unit, systemd: s },
      uptimeS,
    };
  }

  async status(): Promise<SystemdServiceStatus> {
    const s = await this.show();
    if (!isRunning(s)) return { running: false, state: undefined, uptimeS: undefined, systemd: s };
    return { running: true, ...this.stateOf(s), systemd: s };
  }

  /** `systemctl start` (nothing happens when it runs), settle, health probe. */
  async start(): Promise<SystemdServiceState> {
    return this.startWith(systemctlPlans.start(this.unit));
  }

  /** `systemctl restart`, settle, health probe. */
  async restart(): Promise<SystemdServiceState> {
    return this.startWith(systemctlPlans.restart(this.unit));
  }

  private fail(
    code: ServiceDriverCode,
    message: string,
    details: Record<string, unknown>,
    cause?: unknown,
  ): never {
    throw new ServiceDriverError(code, `${this.spec.name} (${this.unit}): ${message}`, {
      details: { unit: this.unit, ...details },
      ...(cause === undefined ? {} : { cause }),
    });
  }

  /** Runs a step of start/stop; systemd's own errors become the driver's code with the reason kept. */
  private async step<T>(code: ServiceDriverCode, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof SystemdError)
        this.fail(code, err.message, { ...err.details, systemdCode: err.code }, err);
      throw err;
    }
  }

  private async startWith(command: PlannedCommand): Promise<SystemdServiceState> {
    const out = await this.step('SERVICE_START_FAILED', () => this.run(command));
    if (out.exitCode !== 0) {
      const failure = classifyFailure(out);
      this.fail('SERVICE_START_FAILED', failure.message, failureDetails(this.unit, failure));
    }
    const settled = await this.step('SERVICE_START_FAILED', () => this.settle());
    if (this.spec.healthUrl) await this.waitHealthy();
    return this.stateOf(settled).state;
  }

  /** Re-reads the state while the unit is `activating` (start-pre, start-post…) until it runs or not. */
  private async settle(): Promise<SystemdUnitState> {
    const deadline = this.clock.nowMs() + (this.spec.startTimeoutMs ?? 15000);
    for (;;) {
      const s = await this.show();
      const verdict = startVerdict(s);
      if (verdict.reason === 'running') return s;
      if (verdict.reason === 'wait' && this.clock.nowMs() < deadline) {
        await this.clock.sleep(this.spec.pollMs ?? 250);
        continue;
      }
      const { reason, message } =
        verdict.reason === 'wait'
          ? { reason: 'timeout', message: `${verdict.message} at the start timeout` }
          : verdict;
      this.fail('SERVICE_START_FAILED', message, {
        reason,
        activeState: s.activeState,
        subState: s.subState,
        result: s.result,
        nRestarts: s.nRestarts,
      });
    }
  }

  /** `systemctl stop` (waits for the stop job, SIGKILL included), then checks that nothing runs. */
  async stop(): Promise<void> {
    const out = await this.step('SERVICE_STOP_FAILED', () => this.run(systemctlPlans.stop(this.unit)));
    if (out.exitCode !== 0) {
      const failure = classifyFailure(out);
      this.fail('SERVICE_STOP_FAILED', failure.message, failureDetails(this.unit, failure));
    }
    const { triggeredBy } = parseWarnings(out);
    const s = await this.step('SERVICE_STOP_FAILED', () => this.show());
    if (isRunning(s) || !['inactive', 'failed'].includes(s.activeState)) {
      this.fail('SERVICE_STOP_FAILED', `${s.activeState} (${s.subState}) after stop`, {
        reason: 'still-active',
        activeState: s.activeState,
        subState: s.subState,
        mainPid: s.mainPid,
        triggeredBy,
      });
    }
  }

  /** `systemctl reload` (ExecReload=), then it must still run (and answer when a health URL is set). */
  async reload(): Promise<SystemdServiceState> {
    const out = await this.run(systemctlPlans.reload(this.unit));
    if (out.exitCode !== 0) {
      const failure = classifyFailure(out);
      throw new SystemdError('SYSTEMD_RELOAD_FAILED', `${this.unit}: ${failure.message}`, {
        details: failureDetails(this.unit, failure),
      });
    }
    const s = await this.show();
    if (!isRunning(s)) {
      throw new SystemdError(
        'SYSTEMD_RELOAD_FAILED',
        `${this.unit}: ${s.activeState} (${s.subState}) after reload`,
        {
          details: {
            unit: this.unit,
            reason: 'not-active',
            activeState: s.activeState,
            subState: s.subState,
          },
        },
      );
    }
    if (this.spec.healthUrl) await this.waitHealthy();
    return this.stateOf(s).state;
  }

  /** Polls the health URL; between failed probes `systemctl is-active` tells whether it still runs. */
  async waitHealthy(): Promise<unknown> {
    const url = this.spec.healthUrl;
    if (!url) return undefined;
    return probeHealth({
      name: this.spec.name,
      url,
      timeoutMs: this.spec.healthTimeoutMs,
      logHint: `journalctl -u ${this.unit}`,
      stillRunning: async () => {
        const command = systemctlPlans.isActive(this.unit);
        return parseIsActive(this.unit, command, await this.run(command)).active;
      },
    });
  }

  /** Writes `/etc/systemd/system/<unit>.d/50-hale-<name>.conf` (snapshot first), daemon-reload, checks it loaded. */
  async writeDropIn(name: string, sections: DropInSections, now?: Date): Promise<AppliedDropIn> {
    return this.dropIns.write(name, sections, now);
  }

  /** Puts a drop-in back as its snapshot found it (content or no file), daemon-reload, checks. */
  async restoreDropIn(
    snapshot: UnitDropInSnapshot | string,
  ): Promise<{ file: string; restored: 'content' | 'removed' }> {
    return this.dropIns.restore(snapshot);
  }

  async daemonReload(): Promise<void> {
    return this.dropIns.daemonReload();
  }
}
