import fs from 'node:fs';
import path from 'node:path';
import type { CommandExecutor, CommandOutput, PlannedCommand } from '../../../runner-agents/api';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'runner-outputs');

export interface Fixture {
  name: string;
  argv: string[];
  output: CommandOutput;
}

/**
 * Reads `test/fixtures/runner-outputs/<name>.txt`: `#` header lines (provenance note, `# argv: […]`
 * as JSON, `# exit: N`), then `--- stdout ---` and `--- stderr ---` sections, byte for byte.
 */
export function loadFixture(name: string): Fixture {
  const text = fs.readFileSync(path.join(FIXTURES, `${name}.txt`), 'utf8');
  const [header = '', rest = ''] = text.split('--- stdout ---\n');
  const [stdout = '', stderr = ''] = rest.split('--- stderr ---\n');
  const argv = /^# argv: (.+)$/m.exec(header)?.[1];
  const exit = /^# exit: (-?\d+)$/m.exec(header)?.[1];
  if (!argv || exit === undefined || !/^# Recorded sample/m.test(header))
    throw new Error(`fixture ${name}: header needs the provenance note, # argv and # exit`);
  return { name, argv: JSON.parse(argv) as string[], output: { exitCode: Number(exit), stdout, stderr } };
}

/**
 * Answers each planned command with the fixture recorded for exactly that argv (program + args).
 * A command with no fixture is recorded in `unplanned` and rejected: tests assert `unplanned` is empty,
 * so a plan that differs by one argument fails even if the code under test swallows the error.
 */
export class ReplayExecutor implements CommandExecutor {
  readonly calls: PlannedCommand[] = [];
  readonly unplanned: string[][] = [];
  private readonly fixtures: Fixture[];

  constructor(names: string[]) {
    this.fixtures = names.map(loadFixture);
  }

  async run(command: PlannedCommand): Promise<CommandOutput> {
    this.calls.push(command);
    const argv = [command.program, ...command.args];
    const match = this.fixtures.find((f) => JSON.stringify(f.argv) === JSON.stringify(argv));
    if (!match) {
      this.unplanned.push(argv);
      throw new Error(`no recorded output for planned command ${JSON.stringify(argv)}`);
    }
    return { ...match.output };
  }

  /** The argv of every command run, in order. */
  argvs(): string[][] {
    return this.calls.map((c) => [c.program, ...c.args]);
  }
}
