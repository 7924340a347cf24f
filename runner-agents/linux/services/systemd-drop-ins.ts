import path from 'node:path';
import type { CommandOutput, PlannedCommand } from '../../api';
import { classifyFailure, systemctlPlans } from './systemctl';
import { failureDetails, parseDropIns, type DropInState } from './systemctl-parse';
import { SystemdError } from './systemd-errors';
import {
  readUnitDropInSnapshot,
  restoreUnitDropInFile,
  writeUnitDropIn,
  type DropInSections,
  type UnitDropInSnapshot,
  type WrittenUnitDropIn,
} from './unit-drop-in';

export type RunCommand = (command: PlannedCommand) => Promise<CommandOutput>;

export interface AppliedDropIn extends WrittenUnitDropIn {
  /** What systemd reported after the daemon-reload. */
  loaded: DropInState;
}

/**
 * Unit drop-ins of one service: write (with a snapshot) → `systemctl daemon-reload` → check that
 * systemd lists the file in `DropInPaths`. A failed reload or check puts the old file back before
 * the error is thrown, so the files on disk stay what systemd runs with. A running service picks
 * the change up at its next restart (the caller decides when).
 */
export class SystemdDropIns {
  constructor(
    private readonly unit: string,
    private readonly rootPrefix: string,
    private readonly run: RunCommand,
  ) {}

  async daemonReload(): Promise<void> {
    const command = systemctlPlans.daemonReload();
    const out = await this.run(command);
    if (out.exitCode === 0) return;
    const failure = classifyFailure(out);
    throw new SystemdError(
      failure.reason === 'systemd-unavailable' ? 'SYSTEMD_UNAVAILABLE' : 'SYSTEMD_DAEMON_RELOAD_FAILED',
      `systemctl daemon-reload: ${failure.message || `exit ${out.exitCode}`}`,
      { details: failureDetails(this.unit, failure) },
    );
  }

  async loaded(): Promise<DropInState> {
    const command = systemctlPlans.showDropIns(this.unit);
    return parseDropIns(this.unit, command, await this.run(command));
  }

  private async expect(systemPath: string, present: boolean): Promise<DropInState> {
    const state = await this.loaded();
    if (state.dropInPaths.includes(systemPath) !== present) {
      throw new SystemdError(
        'SYSTEMD_DROPIN_NOT_LOADED',
        `${this.unit}: systemd ${present ? 'does not list' : 'still lists'} ${systemPath} after daemon-reload`,
        { details: { unit: this.unit, systemPath, expected: present, dropInPaths: state.dropInPaths } },
      );
    }
    return state;
  }

  async write(name: string, sections: DropInSections, now?: Date): Promise<AppliedDropIn> {
    const written = writeUnitDropIn({ rootPrefix: this.rootPrefix, unit: this.unit, name, sections, now });
    try {
      await this.daemonReload();
      return { ...written, loaded: await this.expect(written.systemPath, true) };
    } catch (err) {
      const restored = restoreUnitDropInFile(written.snapshot);
      if (!(err instanceof SystemdError)) throw err;
      throw new SystemdError(
        err.code,
        `${err.message} (drop-in file ${restored === 'content' ? 'restored' : 'removed'})`,
        {
          cause: err,
          details: { ...err.details, restored, snapshotFile: written.snapshot.snapshotFile },
        },
      );
    }
  }

  async restore(
    snapshot: UnitDropInSnapshot | string,
  ): Promise<{ file: string; restored: 'content' | 'removed' }> {
    const s = typeof snapshot === 'string' ? readUnitDropInSnapshot(snapshot) : snapshot;
    if (s.unit !== this.unit || s.file !== path.join(this.rootPrefix, s.systemPath)) {
      throw new SystemdError(
        'SYSTEMD_SNAPSHOT_INVALID',
        `snapshot of ${s.file} does not belong to ${this.unit} here`,
        {
          details: { unit: this.unit, snapshotUnit: s.unit, file: s.file },
        },
      );
    }
    const restored = restoreUnitDropInFile(s);
    await this.daemonReload();
    await this.expect(s.systemPath, restored === 'content');
    return { file: s.file, restored };
  }
}
