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

/** The hashed fields in flat form: an entry's subject spread out, the payload as canonical text. */
export interface FlatFields {
  seq: number;
  at: string;
  type: string;
  actor: string;
  host: string | null | undefined;
  incident_id: string | null | undefined;
  service: string | null | undefined;
  workflow_id: string | null | undefined;
  /** RFC 8785 canonical JSON of the payload. */
  payload_jcs: string;
  idempotency_key: string | null;
  prev_hash: string;
}

/** `,"key":value` for a present subject member ('' when absent); the leading comma is cut once. */
const member = (key: string, value: string | null | undefined): string =>
  value !== undefined && value !== null ? `,"${key}":${str(value)}` : '';

/**
 * JCS(hashedObject(entry)) from flat fields, built by concatenation: the keys are known and written
 * in JCS order; the payload is its canonical text. Equal to `jcs(hashedObject(entry))` (tested).
 */
export function canonicalFlat(f: FlatFields): string {
  const subject =
    member('host', f.host) +
    member('incident_id', f.incident_id) +
    member('service', f.service) +
    member('workflow_id', f.workflow_id);
  const idem = f.idempotency_key === null ? 'null' : str(f.idempotency_key);
  return `{"actor":${str(f.actor)},"at":${str(f.at)},"idempotency_key":${idem},"payload":${f.payload_jcs},"prev_hash":${str(f.prev_hash)},"seq":${f.seq},"subject":{${subject.slice(1)}},"type":${str(f.type)},"v":1}`;
}

/** JCS(hashedObject(entry)); the payload's stored text is used when the entry carries it. */
export function canonicalEntry(entry: UnhashedEntry): string {
  const s = entry.subject;
  return canonicalFlat({
    seq: entry.seq,
    at: entry.at,
    type: entry.type,
    actor: entry.actor,
    host: s.host,
    incident_id: s.incident_id,
    service: s.service,
    workflow_id: s.workflow_id,
    payload_jcs: entry.payload_jcs ?? jcs(entry.payload),
    idempotency_key: entry.idempotency_key,
    prev_hash: entry.prev_hash,
  });
}

/** The exact bytes hashed: UTF-8(ENTRY_DOMAIN) || 0x00 || UTF-8(JCS(hashedObject)). */
export function entryPreimage(entry: UnhashedEntry): Buffer {
  return Buffer.concat([DOMAIN_PREFIX, Buffer.from(canonicalEntry(entry), 'utf8')]);
}

const PREFIX_TEXT = `${ENTRY_DOMAIN}\u0000`;
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

const sha256Hex = (text: string): string =>
  oneShot ? oneShot('sha256', text, 'hex') : createHash('sha256').update(text, 'utf8').digest('hex');

/** SHA-256 of the preimage, lowercase hex (one-shot `crypto.hash` where Node has it: ~2x faster). */
export function entryHash(entry: UnhashedEntry): string {
  return sha256Hex(PREFIX_TEXT + canonicalEntry(entry));
}

/** entryHash of an entry given in flat form (the verifier's path for rows it does not parse). */
export function flatHash(fields: FlatFields): string {
  return sha256Hex(PREFIX_TEXT + canonicalFlat(fields));
}
