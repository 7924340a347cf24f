import type { Queryable } from '../db';
import type { LedgerEntry } from './entry';
import { LedgerError } from './errors';
import { consistencyProof, inclusionProof } from './merkle';
import { latestCheckpoint, type CheckpointPayload } from './checkpoint';
import { LEDGER_COLUMNS, rowToEntry, type LedgerRow } from './rows';

/** A checkpoint as exported: everything needed to check it with the public key alone. */
export interface ExportedCheckpoint {
  seq: number;
  tree_size: number;
  root_hash: string;
  issued_at: string;
  key_id: string;
  signature: string;
}

export interface InclusionProofDoc {
  seq: number;
  entry_hash: string;
  /** 0-based leaf index = seq - 1. */
  index: number;
  tree_size: number;
  root_hash: string;
  path: string[];
  checkpoint: ExportedCheckpoint;
}

export interface ConsistencyProofDoc {
  old: ExportedCheckpoint;
  new: ExportedCheckpoint;
  path: string[];
}

export function exportCheckpoint(entry: LedgerEntry): ExportedCheckpoint {
  const p = entry.payload as CheckpointPayload;
  return {
    seq: entry.seq,
    tree_size: p.tree_size,
    root_hash: p.root_hash,
    issued_at: p.issued_at,
    key_id: p.key_id,
    signature: p.signature,
  };
}

async function leafHashes(db: Queryable, size: number): Promise<Buffer[]> {
  const leaves: Buffer[] = [];
  while (leaves.length < size) {
    const { rows } = await db.query<{ hash: string }>(
      'SELECT hash FROM ledger_entries WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT 20000',
      [leaves.length, size],
    );
    if (rows.length === 0) throw new LedgerError('LEDGER_NOT_FOUND', `ledger has fewer than ${size} entries`);
    for (const row of rows) leaves.push(Buffer.from(row.hash, 'hex'));
  }
  return leaves;
}

async function checkpointBySeq(db: Queryable, seq: number | undefined): Promise<LedgerEntry> {
  if (seq === undefined) {
    const latest = await latestCheckpoint(db);
    if (!latest)
      throw new LedgerError(
        'LEDGER_NO_CHECKPOINT',
        'the ledger has no checkpoint yet (hale evidence checkpoint)',
      );
    return latest;
  }
  const { rows } = await db.query<LedgerRow>(
    `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE seq = $1 AND type = 'checkpoint'`,
    [seq],
  );
  if (!rows[0]) throw new LedgerError('LEDGER_NOT_FOUND', `seq ${seq} is not a checkpoint`);
  return rowToEntry(rows[0]);
}

/** Inclusion proof of entry `seq` in the tree of the latest checkpoint (or checkpoint `checkpointSeq`). */
export async function proveInclusion(
  db: Queryable,
  seq: number,
  checkpointSeq?: number,
): Promise<InclusionProofDoc> {
  const [doc] = await proveInclusionMany(db, [seq], checkpointSeq);
  return doc as InclusionProofDoc;
}

/** Inclusion proofs of several entries against one checkpoint (reads the leaves once). */
export async function proveInclusionMany(
  db: Queryable,
  seqs: number[],
  checkpointSeq?: number,
): Promise<InclusionProofDoc[]> {
  const cp = exportCheckpoint(await checkpointBySeq(db, checkpointSeq));
  const leaves = await leafHashes(db, cp.tree_size);
  return seqs.map((seq) => {
    if (seq < 1 || seq > cp.tree_size)
      throw new LedgerError('LEDGER_NOT_FOUND', `seq ${seq} is not covered by checkpoint ${cp.seq}`);
    return {
      seq,
      entry_hash: (leaves[seq - 1] as Buffer).toString('hex'),
      index: seq - 1,
      tree_size: cp.tree_size,
      root_hash: cp.root_hash,
      path: inclusionProof(leaves, seq - 1).map((b) => b.toString('hex')),
      checkpoint: cp,
    };
  });
}

/** Consistency proof that checkpoint `oldSeq`'s tree is a prefix of checkpoint `newSeq`'s (default: latest). */
export async function proveConsistency(
  db: Queryable,
  oldSeq: number,
  newSeq?: number,
): Promise<ConsistencyProofDoc> {
  const older = exportCheckpoint(await checkpointBySeq(db, oldSeq));
  const newer = exportCheckpoint(await checkpointBySeq(db, newSeq));
  if (older.tree_size > newer.tree_size)
    throw new LedgerError('LEDGER_INPUT_INVALID', `checkpoint ${oldSeq} is newer than ${newer.seq}`);
  const leaves = await leafHashes(db, newer.tree_size);
  return {
    old: older,
    new: newer,
    path: consistencyProof(leaves, older.tree_size, newer.tree_size).map((b) => b.toString('hex')),
  };
}
