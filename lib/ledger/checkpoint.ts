import type { Db, Queryable } from '../db';
import { APPEND_LOCK_KEY, appendWithin } from './append';
import type { LedgerEntry } from './entry';
import type { LedgerSigner } from './keys';
import { MerkleFrontier } from './merkle';
import { LEDGER_COLUMNS, rowToEntry, type LedgerRow } from './rows';
import { checkpointStatement } from './statements';

export interface CheckpointPayload {
  tree_size: number;
  root_hash: string;
  issued_at: string;
  key_id: string;
  signature: string;
  /** Roots of the right edge's perfect subtrees: lets the next checkpoint extend this tree. */
  frontier: string[];
}

export interface CheckpointPolicy {
  everyEntries: number;
  everySeconds: number;
}

export async function latestCheckpoint(db: Queryable, atOrBefore?: number): Promise<LedgerEntry | undefined> {
  const { rows } = await db.query<LedgerRow>(
    `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE type = 'checkpoint' AND seq <= $1 ORDER BY seq DESC LIMIT 1`,
    [atOrBefore ?? Number.MAX_SAFE_INTEGER],
  );
  return rows[0] ? rowToEntry(rows[0]) : undefined;
}

/** The Merkle frontier over entries 1..size, extended from the last checkpoint at or below size. */
export async function frontierAt(db: Queryable, size: number): Promise<MerkleFrontier> {
  const base = await latestCheckpoint(db, size + 1);
  const p = base?.payload as CheckpointPayload | undefined;
  const frontier =
    p && p.tree_size <= size ? MerkleFrontier.fromJSON(p.tree_size, p.frontier) : new MerkleFrontier();
  let after = frontier.size;
  while (after < size) {
    const { rows } = await db.query<{ seq: string; hash: string }>(
      'SELECT seq, hash FROM ledger_entries WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT 10000',
      [after, size],
    );
    if (rows.length === 0) break;
    for (const row of rows) frontier.append(Buffer.from(row.hash, 'hex'));
    after = Number(rows[rows.length - 1]?.seq);
  }
  return frontier;
}

/** Appends a signed tree head over every entry so far (one transaction, under the append lock). */
export async function writeCheckpoint(db: Db, signer: LedgerSigner): Promise<LedgerEntry> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
    const head = await tx.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM ledger_entries');
    const size = Number(head.rows[0]?.seq ?? 0);
    const frontier = await frontierAt(tx, size);
    const issued_at = new Date().toISOString();
    const root_hash = frontier.root().toString('hex');
    const signature = signer.sign(checkpointStatement({ tree_size: size, root_hash, issued_at }));
    const payload: CheckpointPayload = {
      tree_size: size,
      root_hash,
      issued_at,
      key_id: signer.keyId,
      signature,
      frontier: frontier.toJSON(),
    };
    const [entry] = await appendWithin(tx, [{ type: 'checkpoint', actor: signer.actor, payload }]);
    return entry as LedgerEntry;
  });
}

/** Writes a checkpoint when `everyEntries` entries or `everySeconds` have passed since the last one. */
export async function maybeCheckpoint(
  db: Db,
  signer: LedgerSigner,
  policy: CheckpointPolicy,
): Promise<LedgerEntry | undefined> {
  const last = await latestCheckpoint(db);
  const head = await db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM ledger_entries');
  const size = Number(head.rows[0]?.seq ?? 0);
  const lastSize = last ? last.seq : 0;
  if (size === lastSize) return undefined;
  const dueByCount = size - lastSize >= policy.everyEntries;
  const dueByTime = !last || Date.now() - Date.parse(last.at) >= policy.everySeconds * 1000;
  return dueByCount || dueByTime ? writeCheckpoint(db, signer) : undefined;
}
