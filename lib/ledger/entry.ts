import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Domain separation tag for entry hashes (docs/ledger.md, "Entry hash"). */
export const ENTRY_DOMAIN = 'hale.ledger.entry.v1';
/** prev_hash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

export interface Subject {
  incident_id?: string;
  workflow_id?: string;
  host?: string;
  service?: string;
}

/** An entry as stored and hashed. */
export interface LedgerEntry {
  seq: number;
  at: string;
  type: string;
  actor: string;
  subject: Subject;
  payload: unknown;
  idempotency_key: string | null;
  prev_hash: string;
  hash: string;
}

export type UnhashedEntry = Omit<LedgerEntry, 'hash'>;

/** The object whose RFC 8785 canonical JSON is hashed: every field but `hash`, `v` = format version. */
export function hashedObject(entry: UnhashedEntry): Record<string, unknown> {
  const subject: Record<string, string> = {};
  for (const key of ['incident_id', 'workflow_id', 'host', 'service'] as const) {
    const value = entry.subject[key];
    if (value !== undefined && value !== null) subject[key] = value;
  }
  return {
    v: 1,
    seq: entry.seq,
    at: entry.at,
    type: entry.type,
    actor: entry.actor,
    subject,
    payload: entry.payload,
    idempotency_key: entry.idempotency_key,
    prev_hash: entry.prev_hash,
  };
}

/** The exact bytes hashed: UTF-8(ENTRY_DOMAIN) || 0x00 || UTF-8(JCS(hashedObject)). */
export function entryPreimage(entry: UnhashedEntry): Buffer {
  const json = canonicalize(hashedObject(entry));
  if (json === undefined) throw new TypeError(`entry ${entry.seq} cannot be canonicalized`);
  return Buffer.concat([Buffer.from(ENTRY_DOMAIN, 'utf8'), Buffer.from([0]), Buffer.from(json, 'utf8')]);
}

/** SHA-256 of the preimage, lowercase hex. */
export function entryHash(entry: UnhashedEntry): string {
  return createHash('sha256').update(entryPreimage(entry)).digest('hex');
}
