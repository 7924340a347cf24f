import path from 'node:path';
import { DbError, isDbError } from './errors';
import { inspectLock, lockedError, lockPath } from './lock';
import { openPg, SOCKET_POOL } from './pg';
import { openPglite } from './pglite';
import type { LockInfo, OpenedDatabase } from './types';

export interface OpenDatabaseOptions {
  /** A real Postgres (`DATABASE_URL`); when set, PGlite is not used at all. */
  databaseUrl?: string;
  /** Hale data directory: PGlite files in `<dataDir>/pglite`, lock in `<dataDir>/pglite.lock`. */
  dataDir: string;
  /** Open PGlite in this process only: DB_LOCKED instead of connecting to a serving process. */
  direct?: boolean;
  /** How long a socket client waits for its turn / a server connection (default 30 s). */
  connectTimeoutMs?: number;
}

/** A live lock whose url does not answer: say which lock file to check. */
function socketUnreachable(dataDir: string, info: LockInfo, err: unknown): unknown {
  if (!isDbError(err) || err.code !== 'DB_UNREACHABLE') return err;
  const lock = lockPath(dataDir);
  return new DbError(
    'DB_UNREACHABLE',
    `PGlite in ${dataDir} is served by pid ${info.pid} at ${info.url ?? '?'}, which does not answer ` +
      `(${err.message}); if no Hale process uses it, delete ${lock}`,
    { cause: err, details: { ...err.details, lockFile: lock, pid: info.pid } },
  );
}

/**
 * Picks the backend:
 * - `databaseUrl` set → node-postgres pool (`via: 'postgres'`);
 * - a live process holds `<dataDir>/pglite.lock` with a url → pg pool of 1 through its socket
 *   (`via: 'pglite-socket'`); with `direct`, or without a url → DB_LOCKED;
 * - otherwise (no lock, or a stale one, which is removed) → PGlite in this process (`via: 'pglite'`).
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<OpenedDatabase> {
  if (opts.databaseUrl) {
    const db = await openPg(opts.databaseUrl, { connectTimeoutMs: opts.connectTimeoutMs });
    return Object.assign(db, { via: 'postgres' as const });
  }
  const dataDir = path.resolve(opts.dataDir);
  for (let attempt = 1; ; attempt++) {
    const lock = await inspectLock(dataDir);
    if (lock.state === 'live') {
      if (opts.direct || !lock.info.url) throw lockedError(dataDir, lock.info);
      const db = await openPg(lock.info.url, {
        ...SOCKET_POOL,
        connectTimeoutMs: opts.connectTimeoutMs,
      }).catch((err: unknown) => {
        throw socketUnreachable(dataDir, lock.info, err);
      });
      return Object.assign(db, { via: 'pglite-socket' as const });
    }
    try {
      const db = await openPglite(dataDir);
      return Object.assign(db, { via: 'pglite' as const });
    } catch (err) {
      // Another process took the lock between our look and our open: look once more.
      if (attempt >= 2 || !isDbError(err) || err.code !== 'DB_LOCKED') throw err;
    }
  }
}
