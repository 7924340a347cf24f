import type { Queryable } from '../db';
import { ChainVerifier, type VerifyFailure } from './chain-verifier';
import { LEDGER_COLUMNS, type LedgerRow } from './rows';

export interface VerifyOptions {
  /** First seq to re-hash (earlier entries are linked and indexed only). Default 1. */
  from?: number;
  /** Last seq to check. Default: the head. */
  to?: number;
  batchSize?: number;
  onProgress?: (checked: number, total: number) => void;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries re-hashed and checked in [from, to]. */
  count: number;
  from: number;
  to: number;
  headHash: string | null;
  checkpoints: number;
  keys: number;
  failure?: VerifyFailure;
}

/** Streams the ledger in seq order through a ChainVerifier; stops at the first failure. */
export async function verifyLedger(db: Queryable, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const from = Math.max(1, opts.from ?? 1);
  const head = await db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM ledger_entries');
  const headSeq = Number(head.rows[0]?.seq ?? 0);
  const to = Math.min(opts.to ?? headSeq, headSeq);
  const batch = opts.batchSize ?? 5000;
  const verifier = new ChainVerifier();
  const fetch = (after: number) =>
    db.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
      [after, to, batch],
    );
  let checked = 0;
  // Pipelined: the next batch is fetched while this one is hashed (the server works on the other core).
  let pending = to > 0 ? fetch(0) : undefined;
  while (pending && !verifier.failure) {
    const { rows } = await pending;
    if (rows.length === 0) {
      verifier.missing();
      break;
    }
    const last = Number(rows[rows.length - 1]?.seq);
    pending = last < to ? fetch(last) : undefined;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (!verifier.addRow(row, seq < from)) break;
      if (seq >= from) checked += 1;
    }
    opts.onProgress?.(Math.max(0, last - from + 1), Math.max(0, to - from + 1));
  }
  if (pending) await pending.catch(() => undefined);
  return {
    ok: verifier.failure === undefined,
    count: checked,
    from,
    to,
    headHash: verifier.headHash,
    checkpoints: verifier.checkpoints,
    keys: verifier.keys.size,
    ...(verifier.failure ? { failure: verifier.failure } : {}),
  };
}
