import { ConfigError, formatConfigError } from '../lib/config';
import { isHaleError } from '../lib/errors';
import { artifactCommand, artifactHelp } from './commands/artifact';
import { configCommand, configHelp } from './commands/config';
import { dbCommand, dbHelp } from './commands/db';
import { demoCommand, demoHelp } from './commands/demo';
import { evidenceCommand, evidenceHelp } from './commands/evidence';
import { deployCommand, deployHelp } from './commands/deploy';
import { remediationCommand, remediationHelp } from './commands/remediation';
import { routerCommand, routerHelp } from './commands/router';
import { runnerCommand, runnerHelp } from './commands/runner';
import { toolsCommand, toolsHelp } from './commands/tools';
import { upCommand, upHelp } from './commands/up';
import { workerCommand, workerHelp } from './commands/worker';
import { UsageError } from './usage-error';

const commands: Record<string, { run: (argv: string[]) => Promise<number>; help: string }> = {
  up: { run: upCommand, help: upHelp },
  demo: { run: demoCommand, help: demoHelp },
  worker: { run: workerCommand, help: workerHelp },
  remediation: { run: remediationCommand, help: remediationHelp },
  deploy: { run: deployCommand, help: deployHelp },
  config: { run: configCommand, help: configHelp },
  db: { run: dbCommand, help: dbHelp },
  evidence: { run: evidenceCommand, help: evidenceHelp },
  artifact: { run: artifactCommand, help: artifactHelp },
  tools: { run: toolsCommand, help: toolsHelp },
  runner: { run: runnerCommand, help: runnerHelp },
  router: { run: routerCommand, help: routerHelp },
};

function usage(): string {
  return `usage: hale <command> …\n\n${Object.values(commands)
    .map((c) => c.help)
    .join('\n\n')}`;
}

/** Runs one `hale` command; returns the exit code (2 = usage or configuration error). Never prints a stack. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`hale: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`hale: ${formatConfigError(err)}`);
      return 2;
    }
    if (err instanceof UsageError) {
      console.error(`hale: ${err.message}`);
      return 2;
    }
    if (isHaleError(err)) {
      console.error(`hale: ${err.code}: ${err.message}`);
      return 1;
    }
    console.error(`hale: internal error: ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.HALE_DEBUG === '1' && err instanceof Error) console.error(err.stack);
    return 1;
  }
}
