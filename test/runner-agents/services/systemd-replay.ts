import type { CommandExecutor, CommandOutput, PlannedCommand } from '../../../runner-agents/api';
import type { SystemdClock } from '../../../runner-agents/linux/services';
import { loadFixture, type Fixture } from '../windows/replay-executor';

export const UNIT = 'payments-api.service';

export const SHOW = [
  'systemctl',
  'show',
  UNIT,
  '--property=LoadState,ActiveState,SubState,MainPID,NRestarts,ExecMainStartTimestampMonotonic,Result',
  '--no-pager',
];
export const SHOW_DROPINS = [
  'systemctl',
  'show',
  UNIT,
  '--property=DropInPaths,NeedDaemonReload',
  '--no-pager',
];
export const IS_ACTIVE = ['systemctl', 'is-active', UNIT];
export const DAEMON_RELOAD = ['systemctl', 'daemon-reload'];
export const argv = (verb: string) => ['systemctl', verb, UNIT];

/**
 * Replays `test/fixtures/runner-outputs/systemd/<name>.txt` in order, per argv: the fixtures given
 * for one argv answer its calls one after the other, and the last one keeps answering (so a polling
 * loop sees its final state). A command without a fixture is recorded in `unplanned` and rejected.
 */
export class SystemdReplay implements CommandExecutor {
  readonly calls: PlannedCommand[] = [];
  readonly unplanned: string[][] = [];
  private readonly queues = new Map<string, Fixture[]>();

  constructor(names: string[]) {
    for (const name of names) {
      const fixture = loadFixture(`systemd/${name}`);
      const key = JSON.stringify(fixture.argv);
      this.queues.set(key, [...(this.queues.get(key) ?? []), fixture]);
    }
  }

  async run(command: PlannedCommand): Promise<CommandOutput> {
    this.calls.push(command);
    const argv = [command.program, ...command.args];
    const queue = this.queues.get(JSON.stringify(argv));
    const fixture = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    if (!fixture) {
      this.unplanned.push(argv);
      throw new Error(`no recorded output for ${JSON.stringify(argv)}`);
    }
    return { ...fixture.output };
  }

  argvs(): string[][] {
    return this.calls.map((c) => [c.program, ...c.args]);
  }
}

/** A clock the test moves: sleep advances it at once, monotonic time starts at `monotonicUs`. */
export function fakeClock(
  start = { nowMs: Date.parse('2024-05-14T10:32:07.000Z'), monotonicUs: 893417775201n },
) {
  let now = start.nowMs;
  let mono = start.monotonicUs;
  const clock: SystemdClock & { sleeps: number[] } = {
    sleeps: [],
    nowMs: () => now,
    monotonicUs: () => mono,
    sleep: async (ms) => {
      clock.sleeps.push(ms);
      now += ms;
      mono += BigInt(ms) * 1000n;
    },
  };
  return clock;
}

export async function codeOf(
  promise: Promise<unknown>,
): Promise<{ code?: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: string; details?: Record<string, unknown> };
    return { code: e.code, details: e.details };
  }
  return {};
}
