import { LedgerError } from './errors';
import type { ExportedCheckpoint } from './proofs';
import { checkpointStatement } from './statements';

const BEGIN = '-----BEGIN HALE CHECKPOINT-----';
const END = '-----END HALE CHECKPOINT-----';

/** A checkpoint as a short text block to paste into a ticket or anchor anywhere outside Hale. */
export function formatAnchor(cp: ExportedCheckpoint): string {
  return [
    BEGIN,
    checkpointStatement(cp).trimEnd(),
    `seq ${cp.seq}`,
    `key ${cp.key_id}`,
    `signature ${cp.signature}`,
    END,
  ].join('\n');
}

/** Reads a block written by formatAnchor (surrounding text is ignored). */
export function parseAnchor(text: string): ExportedCheckpoint {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END, start);
  if (start < 0 || end < 0) throw new LedgerError('LEDGER_INPUT_INVALID', 'no HALE CHECKPOINT block found');
  const fields = new Map<string, string>();
  for (const line of text.slice(start + BEGIN.length, end).split('\n')) {
    const [key, ...rest] = line.trim().split(' ');
    if (key) fields.set(key, rest.join(' '));
  }
  const need = (k: string): string => {
    const v = fields.get(k);
    if (!v) throw new LedgerError('LEDGER_INPUT_INVALID', `checkpoint block lacks "${k}"`);
    return v;
  };
  return {
    seq: Number(need('seq')),
    tree_size: Number(need('tree_size')),
    root_hash: need('root'),
    issued_at: need('issued_at'),
    key_id: need('key'),
    signature: need('signature'),
  };
}
