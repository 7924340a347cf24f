import { loadConfig } from '../../lib/config';
import { checkFlags, parseArgs, stringFlag } from '../args';
import { untilSignal } from '../signals';
import { startStack } from '../stack';
import { createLogger } from '../../lib/telemetry';

export const upHelp = `hale up [--config FILE]
  Runs the embedded stack in the foreground: Temporal dev server (unless TEMPORAL_ADDRESS),
  Postgres (PGlite unless DATABASE_URL), the control worker, this host's runner worker and the API.
  Ctrl-C / SIGTERM stops everything.`;

export async function upCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  checkFlags(args, ['config']);
  const config = loadConfig({ path: stringFlag(args, 'config') });
  const log = createLogger({ name: 'hale' });
  const say = (line: string): void => console.log(`hale: ${line}`);
  const stack = await startStack({ config, log, onProgress: say });
  say(
    `up — API ${stack.apiUrl}${stack.uiUrl ? `, Temporal UI ${stack.uiUrl}` : ''}, data in ${config.dataDir}`,
  );
  say('press Ctrl-C to stop');
  let signalled = false;
  const outcome = await Promise.race([
    untilSignal(() => {
      signalled = true;
      return stack.stop();
    }).then(() => 'signal' as const),
    stack.workersDone.then(
      () => (signalled ? ('signal' as const) : ('workers-stopped' as const)),
      (err: unknown) => {
        log.error({ err }, 'a worker failed');
        return 'workers-failed' as const;
      },
    ),
  ]);
  if (outcome === 'signal')
    await stack.stop(); // waits for the signal-initiated stop to finish
  else {
    say(`workers stopped unexpectedly (${outcome}); stopping the stack`);
    await stack.stop();
    return 1;
  }
  say('stopped');
  return 0;
}
