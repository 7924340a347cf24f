/**
 * The traffic router as its own process: `node dist/runner-agents/linux/traffic-router/main.js
 * --config <file.json>`. Started under the runner's supervised-process driver so it outlives a runner
 * restart; logs JSON lines to stdout (the driver appends them to its log file). SIGTERM/SIGINT drain
 * and exit 0; a bad config exits 2, any other start failure 1.
 */
import { isHaleError } from '../../../lib/errors';
import { createLogger } from '../../../lib/telemetry/logger';
import { readRouterConfig } from './config';
import { startRouter } from './router';

async function main(argv: string[]): Promise<number> {
  const log = createLogger({ name: 'hale-traffic-router' });
  const at = argv.indexOf('--config');
  const file = at >= 0 ? argv[at + 1] : undefined;
  if (file === undefined || argv.length !== 2) {
    log.error('usage: main.js --config <router.json>');
    return 2;
  }
  let router;
  try {
    router = await startRouter(readRouterConfig(file), {
      log: (level, msg, fields) => log[level](fields ?? {}, msg),
    });
  } catch (err) {
    log.error({ err, code: isHaleError(err) ? err.code : undefined }, 'router failed to start');
    return isHaleError(err) && err.code === 'ROUTER_CONFIG_INVALID' ? 2 : 1;
  }
  const running = router;
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      log.info({ signal }, 'stopping');
      running.stop().then(resolve, (err: unknown) => {
        log.error({ err }, 'stop failed');
        resolve();
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`traffic router: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
