// Per-test-file set-up: keep the Temporal SDK's own logs to warnings so test output stays readable.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch (err) {
  // Already installed by an earlier file in this jest worker: the existing quiet runtime stays.
  if (!(err instanceof Error && /already/i.test(err.message))) throw err;
}
