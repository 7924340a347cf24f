import type { LedgerEntry } from './entry';

/** A ledger_entries row as the drivers return it. */
export interface LedgerRow {
  seq: string | number;
  at: string;
  type: string;
  actor: string;
  incident_id: string | null;
  workflow_id: string | null;
  host: string | null;
  service: string | null;
  payload: unknown;
  idempotency_key: string | null;
  prev_hash: string;
  hash: string;
}

export const LEDGER_COLUMNS =
  'seq, at, type, actor, incident_id, workflow_id, host, service, payload, idempotency_key, prev_hash, hash';

export function rowToEntry(row: LedgerRow): LedgerEntry {
  const subject: LedgerEntry['subject'] = {};
  if (row.incident_id !== null) subject.incident_id = row.incident_id;
  if (row.workflow_id !== null) subject.workflow_id = row.workflow_id;
  if (row.host !== null) subject.host = row.host;
  if (row.service !== null) subject.service = row.service;
  return {
    seq: Number(row.seq),
    at: row.at,
    type: row.type,
    actor: row.actor,
    subject,
    payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
    idempotency_key: row.idempotency_key,
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}
