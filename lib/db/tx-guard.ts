import { AsyncLocalStorage } from 'node:async_hooks';
import { DbError } from './errors';
import type { Queryable, QueryResult } from './types';

/**
 * Calling the outer handle from inside its own `transaction(fn)` would run outside the transaction
 * (pg) or wait forever for it to end (PGlite, or a pool of one connection). The guard turns that
 * mistake into an immediate DB_QUERY error.
 */
const insideTransactionOf = new AsyncLocalStorage<object>();

export function assertNotInsideOwnTransaction(owner: object): void {
  if (insideTransactionOf.getStore() === owner) {
    throw new DbError(
      'DB_QUERY',
      'db.query()/db.transaction() called inside db.transaction(fn): use the tx argument',
    );
  }
}

export function runInsideTransaction<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  return insideTransactionOf.run(owner, fn);
}

/** A tx handle that refuses use once its transaction has finished. */
export function finishableTx(run: <R>(sql: string, params?: unknown[]) => Promise<QueryResult<R>>): {
  tx: Queryable;
  finish(): void;
} {
  let finished = false;
  const tx: Queryable = {
    query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      if (finished) return Promise.reject(new DbError('DB_CLOSED', 'transaction already finished'));
      return run<R>(sql, params);
    },
  };
  return {
    tx,
    finish: () => {
      finished = true;
    },
  };
}
