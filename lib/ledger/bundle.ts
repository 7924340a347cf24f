import type { Queryable } from '../db';
import { latestCheckpoint } from './checkpoint';
import { LedgerError } from './errors';
import type { LedgerEntry } from './entry';
import { exportCheckpoint, proveInclusionMany, type InclusionProofDoc } from './proofs';
import { LEDGER_COLUMNS, rowToEntry, type LedgerRow } from './rows';

export const BUNDLE_FORMAT = 'hale.evidence.bundle.v1';

export type BundleLine =
  | {
      kind: 'header';
      format: typeof BUNDLE_FORMAT;
      incident: string;
      exported_at: string;
      checkpoint_seq: number;
    }
  | { kind: 'checkpoint'; entry: LedgerEntry }
  | { kind: 'key' | 'entry'; entry: LedgerEntry; proof: InclusionProofDoc };

/**
 * An incident's evidence as JSON lines: the latest checkpoint, every key registration (to check
 * signatures) and every entry of the incident up to that checkpoint, each with its inclusion proof.
 */
export async function exportIncidentBundle(db: Queryable, incidentId: string): Promise<BundleLine[]> {
  const checkpoint = await latestCheckpoint(db);
  if (!checkpoint)
    throw new LedgerError(
      'LEDGER_NO_CHECKPOINT',
      'the ledger has no checkpoint yet (hale evidence checkpoint)',
    );
  const cp = exportCheckpoint(checkpoint);
  const { rows } = await db.query<LedgerRow>(
    `SELECT ${LEDGER_COLUMNS} FROM ledger_entries
     WHERE seq <= $2 AND (incident_id = $1 OR type = 'key.registered') ORDER BY seq`,
    [incidentId, cp.tree_size],
  );
  const entries = rows.map(rowToEntry);
  const proofs = await proveInclusionMany(
    db,
    entries.map((e) => e.seq),
    checkpoint.seq,
  );
  const lines: BundleLine[] = [
    {
      kind: 'header',
      format: BUNDLE_FORMAT,
      incident: incidentId,
      exported_at: new Date().toISOString(),
      checkpoint_seq: checkpoint.seq,
    },
    { kind: 'checkpoint', entry: checkpoint },
  ];
  entries.forEach((entry, i) => {
    lines.push({
      kind: entry.type === 'key.registered' ? 'key' : 'entry',
      entry,
      proof: proofs[i] as InclusionProofDoc,
    });
  });
  return lines;
}
