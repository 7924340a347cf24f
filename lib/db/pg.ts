import { Pool, types as pgTypes } from 'pg';
import type { CustomTypesConfig, PoolClient } from 'pg';
import { DbError, isConnectionError, redactUrl, toDbError, urlSecrets } from './errors';
import { assertNotInsideOwnTransaction, finishableTx, runInsideTransaction } from './tx-guard';
import type { Db, Queryable, QueryResult } from './types';

export interface PgOptions {
  /** Pool size (default 10; 1 for the PGlite socket, which serves one connection at a time). */
  max?: number;
  /** Close idle connections after this long (default 10 s). */
  idleTimeoutMs?: number;
  /** Give up connecting (or waiting for a turn on the PGlite socket) after this long (default 30 s). */
  connectTimeoutMs?: number;
  /** Retire a connection after this long, once released (default: never; 1 s on the PGlite socket). */
  maxLifetimeSeconds?: number;
}

export type PgDb = Db & { readonly kind: 'pg' };

const INTERVAL_OID = 1186;

/** interval stays text (as PGlite returns it) instead of pg's PostgresInterval object. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INTERVAL_OID && format !== 'binary'
      ? (v: string) => v
      : pgTypes.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

interface PgRawResult {
  rows: unknown[];
  rowCount: number | null;
}

function normalize<R>(res: PgRawResult | PgRawResult[]): QueryResult<R> {
  const last = Array.isArray(res) ? res[res.length - 1] : res; // several statements → an array
  if (!last) return { rows: [], rowCount: 0 };
  return { rows: last.rows as R[], rowCount: last.rowCount ?? last.rows.length };
}

/**
 * The PGlite socket serves one connection at a time: one pooled connection per process, handed
 * back after 100 ms idle — or, for a busy process, retired after 1 s at its next release — so the
 * processes queued at the socket get their turn.
 */
export const SOCKET_POOL = { max: 1, idleTimeoutMs: 100, maxLifetimeSeconds: 1 } as const;

/** `version()` of a PGlite says so ("PostgreSQL 18.6 (PGlite 0.5.14) on wasm32-…"). */
export function isPgliteVersion(version: unknown): boolean {
  return typeof version === 'string' && /\(PGlite [^)]*\)/.test(version);
}

/**
 * Opens a node-postgres pool and checks it with `SELECT version()` (DB_UNREACHABLE when that
 * fails). A URL that turns out to be a served PGlite (`hale up`'s socket, given as DATABASE_URL)
 * gets the socket's pool settings unless the caller chose a pool size: a pool of 10 that keeps
 * idle connections would hold the socket's only turn and starve every other process.
 */
export async function openPg(url: string, opts: PgOptions = {}): Promise<PgDb> {
  if (typeof url !== 'string' || url.trim() === '') throw new DbError('DB_CONFIG', 'empty database URL');
  const secrets = urlSecrets(url);
  const where = redactUrl(url);
  let lastIdleError: string | undefined;
  const wrap = (err: unknown): DbError => {
    const unreachable = isConnectionError(err);
    return toDbError(err, {
      secrets,
      context: unreachable ? `database ${where} unreachable` : undefined,
      details: unreachable ? { url: where, ...(lastIdleError ? { lastIdleError } : {}) } : undefined,
    });
  };
  const newPool = (o: PgOptions): Pool => {
    const pool = new Pool({
      connectionString: url,
      max: o.max ?? 10,
      idleTimeoutMillis: o.idleTimeoutMs ?? 10_000,
      connectionTimeoutMillis: o.connectTimeoutMs ?? 30_000,
      maxLifetimeSeconds: o.maxLifetimeSeconds ?? 0,
      allowExitOnIdle: true,
      types: TYPES,
    });
    // An idle connection that dies (server restart) must not crash the process: the pool drops
    // it and the next query reconnects; keep the reason for the next DB_UNREACHABLE.
    pool.on('error', (err) => {
      lastIdleError = toDbError(err, { secrets }).message;
    });
    return pool;
  };
  let pool = newPool(opts);
  try {
    const { rows } = await pool.query<{ v: string }>('SELECT version() AS v');
    if (opts.max === undefined && isPgliteVersion(rows[0]?.v)) {
      await pool.end();
      pool = newPool({ ...opts, ...SOCKET_POOL });
    }
  } catch (err) {
    await pool.end();
    const invalid = (err as { code?: unknown }).code === 'ERR_INVALID_URL';
    throw toDbError(err, {
      code: invalid ? 'DB_CONFIG' : 'DB_UNREACHABLE',
      secrets,
      context: invalid ? `invalid database URL ${where}` : `cannot open ${where}`,
      details: { url: where },
    });
  }
  return pgHandle(pool, wrap);
}

function pgHandle(pool: Pool, wrap: (err: unknown) => DbError): PgDb {
  let closing: Promise<void> | undefined;
  const usable = (): void => {
    if (closing) throw new DbError('DB_CLOSED', 'database handle is closed');
    assertNotInsideOwnTransaction(db);
  };
  const connect = async (): Promise<PoolClient> => {
    try {
      return await pool.connect();
    } catch (err) {
      throw wrap(err);
    }
  };
  const db: PgDb = {
    kind: 'pg',
    async query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      usable();
      try {
        return normalize<R>(await pool.query(sql, params && params.length > 0 ? params : undefined));
      } catch (err) {
        throw wrap(err);
      }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      usable();
      const client = await connect();
      let discard: Error | undefined; // a broken connection is destroyed, not returned to the pool
      // A checked-out client that loses its connection emits 'error'; unhandled, it would crash.
      const onClientError = (err: Error): void => {
        discard = err;
      };
      client.on('error', onClientError);
      const exec = async <R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> => {
        try {
          return normalize<R>(await client.query(sql, params && params.length > 0 ? params : undefined));
        } catch (err) {
          if (isConnectionError(err)) discard = err instanceof Error ? err : new Error(String(err));
          throw wrap(err);
        }
      };
      try {
        await exec('BEGIN');
        const { tx, finish } = finishableTx(exec);
        let result: T;
        try {
          result = await runInsideTransaction(db, () => fn(tx));
        } catch (err) {
          finish();
          await exec('ROLLBACK').catch((rollbackErr: unknown) => {
            discard ??= rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
          });
          throw err;
        }
        finish();
        await exec('COMMIT');
        return result;
      } finally {
        client.off('error', onClientError);
        client.release(discard);
      }
    },
    close(): Promise<void> {
      closing ??= pool.end();
      return closing;
    },
  };
  return db;
}
