import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';

let installed = false;

/** Routes the Temporal SDK's own logs (warnings and up) into Hale's redacting logger. Once per process. */
export function installSdkLogger(log: Logger): void {
  if (installed) return;
  installed = true;
  const sdk = log.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry: LogEntry) => {
      const level = entry.level === 'ERROR' ? 'error' : 'warn';
      sdk[level](entry.meta ?? {}, entry.message);
    }),
  });
}
