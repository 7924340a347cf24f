import { Connection } from '@temporalio/client';
import type { Queryable } from '../lib/db';
import type { ReadinessCheck } from './routes/health';

/**
 * Temporal answers getSystemInfo within `timeoutMs`. Give it a connection made with
 * `readinessConnection()`: the client's default retry interceptor would keep retrying a dead
 * server in the background long after the probe gave up.
 */
export function temporalReadiness(connection: Connection, timeoutMs = 2000): ReadinessCheck {
  return {
    name: 'temporal',
    check: async () => {
      await connection.withAbortSignal(AbortSignal.timeout(timeoutMs), () =>
        connection.workflowService.getSystemInfo({}),
      );
    },
  };
}

/** The database answers `SELECT 1`. */
export function databaseReadiness(db: Queryable): ReadinessCheck {
  return { name: 'database', check: async () => void (await db.query('SELECT 1')) };
}

/** A lazily connecting Temporal connection without retries, for readiness probes only. */
export function readinessConnection(address: string): Connection {
  return Connection.lazy({ address, interceptors: [], connectTimeout: 1000 });
}
