import type { PGlite } from '@electric-sql/pglite';

export interface QueryResult<R> {
  rows: R[];
  /** Rows returned (SELECT) or changed (INSERT/UPDATE/DELETE) by the last statement. */
  rowCount: number;
}

export interface Queryable {
  /**
   * With `params` (non-empty) the text is ONE statement sent with the extended protocol ($1, $2 …).
   * Without params it may hold several statements (simple protocol); the result is the last one's.
   */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'pg';
  /**
   * Runs fn in one transaction (BEGIN … COMMIT, ROLLBACK on throw; fn's error is rethrown as is).
   * Inside fn use only `tx`: the outer handle waits for the transaction to end (it would deadlock).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Idempotent; awaits the pool / PGlite shutdown (and stops serving, for a served PGlite). */
  close(): Promise<void>;
}

/** A PGlite opened in this process (`dataDir` undefined = in-memory). */
export interface PgliteDb extends Db {
  readonly kind: 'pglite';
  readonly pglite: PGlite;
  /** The Hale data directory (files live in `<dataDir>/pglite`), undefined when in-memory. */
  readonly dataDir: string | undefined;
}

export type OpenedDatabase =
  | (PgliteDb & { readonly via: 'pglite' })
  | (Db & { readonly kind: 'pg'; readonly via: 'pglite-socket' | 'postgres' });

/** Contents of `<dataDir>/pglite.lock`. `url` is null while the holder uses PGlite without serving it. */
export interface LockInfo {
  pid: number;
  url: string | null;
  startedAt: string;
}
