import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DbError, isErrorLike, toDbError } from './errors';
import { acquireLock, releaseLock, updateLock } from './lock';
import { servedUrl, setServed } from './pglite';
import { startSocketGate, type SocketGate } from './socket-gate';
import type { PgliteDb } from './types';

export interface ServeOptions {
  /** Hale data directory: the lock goes to `<dataDir>/pglite.lock`. */
  dataDir: string;
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** TCP port; 0 (default) = a free port. */
  port?: number;
}

export interface EmbeddedServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (no password: loopback only). */
  readonly url: string;
  close(): Promise<void>;
}

function urlFor(host: string, port: number): string {
  return `postgres://postgres@${host.includes(':') ? `[${host}]` : host}:${port}/postgres`;
}

/**
 * Serves an open PGlite over the Postgres wire protocol so other processes can use it with `pg`.
 * PGLiteSocketServer (maxConnections 1) listens on a private unix socket; a FIFO gate on
 * host:port admits one client connection at a time and queues the rest. The lock file
 * `<dataDir>/pglite.lock` = {pid, url, startedAt} tells openDatabase() where to connect.
 * While served, the PGlite handle itself refuses queries (DB_LOCKED): in this process too, use
 * openDatabase({ dataDir }), which connects through the socket.
 */
export async function serveEmbedded(db: PgliteDb, opts: ServeOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir);
  const host = opts.host ?? '127.0.0.1';
  const already = servedUrl(db);
  if (already)
    throw new DbError('DB_LOCKED', `this PGlite is already served at ${already}`, {
      details: { url: already },
    });
  if (db.dataDir !== undefined && db.dataDir !== dataDir) {
    throw new DbError('DB_CONFIG', `PGlite was opened on ${db.dataDir}, not ${dataDir}`);
  }
  // An on-disk handle already holds the lock (openPglite took it); an in-memory one takes it now.
  const holdsDirectLock = db.dataDir !== undefined;
  if (!holdsDirectLock) await acquireLock(dataDir, null);

  const sockDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hale-pglite-'));
  let inner: PGLiteSocketServer | undefined;
  let gate: SocketGate | undefined;

  const shutdown = async (): Promise<void> => {
    setServed(db, undefined);
    await gate?.close();
    if (inner) {
      await inner.stop();
      // stop() detaches handlers without awaiting them: let the message in flight finish and roll
      // back a transaction a client left open, so the direct handle gets PGlite clean and idle.
      await new Promise((r) => setImmediate(r));
      if (!db.pglite.closed) {
        await db.pglite.runExclusive(async () => undefined);
        if (db.pglite.isInTransaction()) await db.pglite.exec('ROLLBACK');
      }
    }
    await fs.rm(sockDir, { recursive: true, force: true });
    if (holdsDirectLock && !db.pglite.closed) await updateLock(dataDir, null);
    else await releaseLock(dataDir);
  };

  try {
    const { PGLiteSocketServer: ServerClass } = await import('@electric-sql/pglite-socket');
    const innerServer = new ServerClass({
      db: db.pglite,
      path: path.join(sockDir, 'pg.sock'),
      maxConnections: 1,
    });
    inner = innerServer;
    await innerServer.start();
    gate = await startSocketGate({
      host,
      port: opts.port ?? 0,
      upstreamPath: path.join(sockDir, 'pg.sock'),
      upstreamIdle: () => innerServer.getStats().activeConnections === 0,
    });
    const url = urlFor(host, gate.port);
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => (closing ??= shutdown());
    setServed(db, { url, stop: close });
    await updateLock(dataDir, url);
    return { url, close };
  } catch (err) {
    let cleanupError: string | undefined;
    await shutdown().catch((e: unknown) => {
      cleanupError = isErrorLike(e) ? e.message : String(e);
    });
    throw toDbError(err, {
      code: 'DB_UNREACHABLE',
      context: `cannot serve PGlite on ${host}:${opts.port ?? 0}`,
      details: cleanupError ? { cleanupError } : undefined,
    });
  }
}
