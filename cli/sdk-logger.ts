import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';

let installed = false;

/**
 * Routes the Temporal SDK's own logs (warnings and up) into Hale's redacting logger. Once per process;
 * a runtime installed before (by an embedding program, or a test set-up) is kept.
 */
export function installSdkLogger(log: Logger): void {
  if (installed) return;
  installed = true;
  const sdk = log.child({ component: 'temporal-sdk' });
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', (entry: LogEntry) => {
        const level = entry.level === 'ERROR' ? 'error' : 'warn';
        sdk[level](entry.meta ?? {}, entry.message);
      }),
    });
  } catch (err) {
    if (!(err instanceof Error && err.name === 'IllegalStateError')) throw err;
    log.debug({ err }, 'the Temporal runtime was installed before: its logger stays');
  }
}
