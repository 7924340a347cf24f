import { withPayloadJcs, type LedgerEntry } from './entry';

/** A ledger_entries row as the drivers return it (payload is the stored canonical JSON text). */
export interface LedgerRow {
  seq: string | number;
  at: string;
  type: string;
  actor: string;
  incident_id: string | null;
  workflow_id: string | null;
  host: string | null;
  service: string | null;
  payload: string;
  idempotency_key: string | null;
  prev_hash: string;
  hash: string;
}

export const LEDGER_COLUMNS =
  'seq, at, type, actor, incident_id, workflow_id, host, service, payload, idempotency_key, prev_hash, hash';

/** Row → entry; `payload` is parsed on first access (verification hashes `payload_jcs` directly). */
export function rowToEntry(row: LedgerRow): LedgerEntry {
  const subject: LedgerEntry['subject'] = {};
  if (row.incident_id !== null) subject.incident_id = row.incident_id;
  if (row.workflow_id !== null) subject.workflow_id = row.workflow_id;
  if (row.host !== null) subject.host = row.host;
  if (row.service !== null) subject.service = row.service;
  const text = typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload);
  let parsed: unknown;
  let done = false;
  const entry = {
    seq: Number(row.seq),
    at: row.at,
    type: row.type,
    actor: row.actor,
    subject,
    idempotency_key: row.idempotency_key,
    prev_hash: row.prev_hash,
    hash: row.hash,
  } as LedgerEntry;
  // Not enumerable: a spread copy ({ ...entry, payload: other }) must not carry the old text along.
  withPayloadJcs(entry, text);
  Object.defineProperty(entry, 'payload', {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        parsed = JSON.parse(text);
        done = true;
      }
      return parsed;
    },
    set(value: unknown) {
      // A new payload no longer matches the stored text: hash the new payload from now on.
      delete entry.payload_jcs;
      Object.defineProperty(entry, 'payload', {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    },
  });
  return entry;
}
