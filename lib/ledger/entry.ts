import crypto, { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Domain separation tag for entry hashes (docs/ledger.md, "Entry hash"). */
export const ENTRY_DOMAIN = 'hale.ledger.entry.v1';
/** prev_hash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);
const DOMAIN_PREFIX = Buffer.concat([Buffer.from(ENTRY_DOMAIN, 'utf8'), Buffer.from([0])]);

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
  /**
   * The payload's RFC 8785 canonical JSON exactly as stored (on entries read back; not enumerable,
   * so copies with another payload do not keep it).
   */
  payload_jcs?: string;
  idempotency_key: string | null;
  prev_hash: string;
  hash: string;
}

export type UnhashedEntry = Omit<LedgerEntry, 'hash'>;

/** Attaches the stored canonical payload text, not enumerable (see LedgerEntry.payload_jcs). */
export function withPayloadJcs<T extends UnhashedEntry>(entry: T, text: string): T {
  Object.defineProperty(entry, 'payload_jcs', {
    value: text,
    enumerable: false,
    writable: true,
    configurable: true,
  });
  return entry;
}

/** RFC 8785 canonical JSON of a JSON value (the maintained `canonicalize` package). */
export function jcs(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be canonicalized');
  return text;
}

function subjectObject(subject: Subject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['incident_id', 'workflow_id', 'host', 'service'] as const) {
    const value = subject[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

/** The object whose canonical JSON is hashed: every field but `hash`, plus `v` = format version 1. */
export function hashedObject(entry: UnhashedEntry): Record<string, unknown> {
  return {
    v: 1,
    seq: entry.seq,
    at: entry.at,
    type: entry.type,
    actor: entry.actor,
    subject: subjectObject(entry.subject),
    payload: entry.payload,
    idempotency_key: entry.idempotency_key,
    prev_hash: entry.prev_hash,
  };
}

const str = JSON.stringify;

/**
 * JCS(hashedObject(entry)), built by concatenation: the top-level keys are known and written in
 * JCS order; the payload is its stored canonical text. Equal to `jcs(hashedObject(entry))` (tested).
 */
export function canonicalEntry(entry: UnhashedEntry): string {
  const s = entry.subject;
  const subject = `{${[
    s.host !== undefined && s.host !== null ? `"host":${str(s.host)}` : '',
    s.incident_id !== undefined && s.incident_id !== null ? `"incident_id":${str(s.incident_id)}` : '',
    s.service !== undefined && s.service !== null ? `"service":${str(s.service)}` : '',
    s.workflow_id !== undefined && s.workflow_id !== null ? `"workflow_id":${str(s.workflow_id)}` : '',
  ]
    .filter((p) => p !== '')
    .join(',')}}`;
  const payload = entry.payload_jcs ?? jcs(entry.payload);
  const idem = entry.idempotency_key === null ? 'null' : str(entry.idempotency_key);
  return `{"actor":${str(entry.actor)},"at":${str(entry.at)},"idempotency_key":${idem},"payload":${payload},"prev_hash":${str(entry.prev_hash)},"seq":${entry.seq},"subject":${subject},"type":${str(entry.type)},"v":1}`;
}

/** The exact bytes hashed: UTF-8(ENTRY_DOMAIN) || 0x00 || UTF-8(JCS(hashedObject)). */
export function entryPreimage(entry: UnhashedEntry): Buffer {
  return Buffer.concat([DOMAIN_PREFIX, Buffer.from(canonicalEntry(entry), 'utf8')]);
}

const PREFIX_TEXT = `${ENTRY_DOMAIN}\u0000`;
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** SHA-256 of the preimage, lowercase hex (one-shot `crypto.hash` where Node has it: ~2x faster). */
export function entryHash(entry: UnhashedEntry): string {
  const text = PREFIX_TEXT + canonicalEntry(entry);
  return oneShot ? oneShot('sha256', text, 'hex') : createHash('sha256').update(text, 'utf8').digest('hex');
}
