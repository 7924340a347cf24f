import path from 'node:path';
import type { PGlite, Results, Transaction } from '@electric-sql/pglite';
import { DbError, toDbError } from './errors';
import { acquireLock, releaseLock } from './lock';
import { assertNotInsideOwnTransaction, finishableTx, runInsideTransaction } from './tx-guard';
import type { PgliteDb, Queryable, QueryResult } from './types';

function parseDate(v: string): Date {
  const m = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return new Date(v); // infinity, BC dates
  const d = new Date(0);
  d.setFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  d.setHours(0, 0, 0, 0);
  return d;
}

/**
 * Aligns PGlite's JS values with node-postgres defaults, so both backends return the same types.
 * Being defined here, they also build values in this module's realm (PGlite may be loaded outside
 * a Jest sandbox: test/lib/db/pglite-realm.ts). Array types (int8[], jsonb[] …) follow.
 */
const PARSERS = {
  20: (v: string) => v, // int8 → string, as pg: 64-bit values do not fit a number
  17: (v: string) => Buffer.from(v.slice(2), 'hex'), // bytea ('\x…' hex text) → Buffer, as pg
  114: (v: string): unknown => JSON.parse(v), // json, as pg
  3802: (v: string): unknown => JSON.parse(v), // jsonb, as pg
  1082: parseDate, // date → local midnight, as pg
  1114: (v: string) => new Date(v), // timestamp (no zone: local time, as pg)
  1184: (v: string) => new Date(v), // timestamptz
};

interface Served {
  url: string;
  stop(): Promise<void>;
}

const served = new WeakMap<PgliteDb, Served>();

/** Called by serveEmbedded: while served, the handle refuses direct queries (see docs/database.md). */
export function setServed(db: PgliteDb, value: Served | undefined): void {
  if (value) served.set(db, value);
  else served.delete(db);
}

export function servedUrl(db: PgliteDb): string | undefined {
  return served.get(db)?.url;
}

function normalize<R>(r: Results<R>): QueryResult<R> {
  return { rows: r.rows, rowCount: r.rowCount ?? r.affectedRows ?? r.rows.length };
}

/**
 * Dates are sent as ISO text, as node-postgres does. (PGlite's own serializer tests `instanceof
 * Date`, which fails for a Date made in another realm, e.g. a Jest sandbox.)
 */
function toParam(v: unknown): unknown {
  return Object.prototype.toString.call(v) === '[object Date]' ? (v as Date).toISOString() : v;
}

async function run<R>(
  target: PGlite | Transaction,
  sql: string,
  params?: unknown[],
): Promise<QueryResult<R>> {
  try {
    if (params && params.length > 0) return normalize(await target.query<R>(sql, params.map(toParam)));
    const all = await target.exec(sql);
    const last = all[all.length - 1];
    return last ? normalize(last as Results<R>) : { rows: [], rowCount: 0 };
  } catch (err) {
    throw toDbError(err);
  }
}

/**
 * Opens PGlite in this process: in memory (`dataDir` undefined) or persisted in `<dataDir>/pglite`.
 * On disk it takes `<dataDir>/pglite.lock` first and refuses with DB_LOCKED when a live process
 * (this one included) already holds it; a stale lock (dead pid) is removed.
 */
export async function openPglite(dataDir: string | undefined): Promise<PgliteDb> {
  const dir = dataDir === undefined ? undefined : path.resolve(dataDir);
  if (dir) await acquireLock(dir, null);
  let pglite: PGlite;
  try {
    const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
    pglite = await PGliteClass.create(dir ? path.join(dir, 'pglite') : undefined, { parsers: PARSERS });
  } catch (err) {
    if (dir) await releaseLock(dir);
    throw toDbError(err, { code: 'DB_UNREACHABLE', context: `cannot open PGlite ${dir ?? '(in memory)'}` });
  }
  return pgliteHandle(pglite, dir);
}

function pgliteHandle(pglite: PGlite, dataDir: string | undefined): PgliteDb {
  let closing: Promise<void> | undefined;
  const usable = (): void => {
    if (closing) throw new DbError('DB_CLOSED', 'database handle is closed');
    const url = servedUrl(db);
    if (url) {
      throw new DbError('DB_LOCKED', `this PGlite is served at ${url}; query it through openDatabase()`, {
        details: { url },
      });
    }
    assertNotInsideOwnTransaction(db);
  };
  const db: PgliteDb = {
    kind: 'pglite',
    pglite,
    dataDir,
    async query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      usable();
      return run<R>(pglite, sql, params);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      usable();
      let fnFailed = false;
      try {
        return await pglite.transaction(async (raw) => {
          const { tx, finish } = finishableTx((sql, params) => run(raw, sql, params));
          try {
            return await runInsideTransaction(db, () => fn(tx));
          } catch (err) {
            fnFailed = true;
            throw err;
          } finally {
            finish();
          }
        });
      } catch (err) {
        throw fnFailed ? err : toDbError(err);
      }
    },
    close(): Promise<void> {
      closing ??= (async () => {
        try {
          await served.get(db)?.stop();
        } finally {
          try {
            await pglite.close();
          } finally {
            if (dataDir) await releaseLock(dataDir);
          }
        }
      })();
      return closing;
    },
  };
  return db;
}
