import type { CommandOutput, PlannedCommand } from '../api';
import { requireSuccess } from './checks';
import { MacRunnerError } from './errors';

const SNAPSHOT = /^com\.apple\.TimeMachine\.\d{4}-\d{2}-\d{2}-\d{6}\.local$/;

export function localSnapshotPlan(): PlannedCommand {
  return { program: 'tmutil', args: ['localsnapshot'], purpose: 'APFS local snapshot before the change' };
}

export function listSnapshotsPlan(): PlannedCommand {
  return { program: 'tmutil', args: ['listlocalsnapshots', '/'], purpose: 'list APFS local snapshots of /' };
}

/** `Created local snapshot with date: 2024-03-12-102231` → `com.apple.TimeMachine.2024-03-12-102231.local`. */
export function parseLocalSnapshot(command: PlannedCommand, output: CommandOutput): string {
  requireSuccess(command, output);
  const date = /Created local snapshot with date: (\d{4}-\d{2}-\d{2}-\d{6})/.exec(output.stdout)?.[1];
  if (!date)
    throw new MacRunnerError('OUTPUT_UNPARSABLE', 'tmutil localsnapshot: no snapshot date', {
      details: { stdout: output.stdout.slice(0, 2000) },
    });
  return `com.apple.TimeMachine.${date}.local`;
}

export function parseSnapshotList(command: PlannedCommand, output: CommandOutput): string[] {
  requireSuccess(command, output);
  return output.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => SNAPSHOT.test(l));
}

export function checkSnapshotName(name: string): string {
  if (!SNAPSHOT.test(name))
    throw new MacRunnerError('NAME_INVALID', 'not an APFS local snapshot name', { details: { name } });
  return name;
}
