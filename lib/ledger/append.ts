import type { Db, Queryable } from '../db';
import { GENESIS_HASH, flatHash, jcs, withPayloadJcs, type LedgerEntry, type Subject } from './entry';
import { redactPayload } from './redact-payload';
import { LedgerError } from './errors';
import { LEDGER_COLUMNS, rowToEntry, type LedgerRow } from './rows';

/** What a caller appends; seq, time and hashes are assigned by the ledger. */
export interface NewEntry {
  type: string;
  actor: string;
  subject?: Subject;
  payload: unknown;
  /** workflow id + activity id + step: a retry with the same key gets the existing entry back. */
  idempotencyKey?: string;
}

/** Advisory lock key that serializes appends across processes ("HALELEDG"). */
export const APPEND_LOCK_KEY = '5206089232358024519';
const NAME = /^[a-z][a-z0-9_.:-]{0,127}$/i;
const MAX_PAYLOAD_BYTES = 1024 * 1024;

interface Prepared extends NewEntry {
  subject: Subject;
  payload: unknown;
  payloadJcs: string;
}

function prepare(entry: NewEntry): Prepared {
  if (!NAME.test(entry.type))
    throw new LedgerError(
      'LEDGER_INPUT_INVALID',
      `type ${JSON.stringify(entry.type)} is not a valid entry type`,
    );
  if (!entry.actor || entry.actor.length > 200)
    throw new LedgerError('LEDGER_INPUT_INVALID', 'actor is required (≤ 200 chars)');
  const raw = JSON.stringify(entry.payload ?? null);
  if (raw === undefined) throw new LedgerError('LEDGER_INPUT_INVALID', 'payload must be JSON');
  // Secrets are redacted before anything is hashed or written; the stored text is canonical JSON.
  // JSON.parse normalizes (drops undefined, applies toJSON); a clean payload reuses `raw` for it.
  const redacted = redactPayload(entry.payload ?? null, raw);
  const payloadJcs = jcs(JSON.parse(redacted === (entry.payload ?? null) ? raw : JSON.stringify(redacted)));
  if (payloadJcs.includes('\\u0000'))
    throw new LedgerError('LEDGER_INPUT_INVALID', 'payload must not contain NUL characters');
  if (Buffer.byteLength(payloadJcs) > MAX_PAYLOAD_BYTES)
    throw new LedgerError('LEDGER_INPUT_INVALID', 'payload over 1 MiB');
  return { ...entry, subject: entry.subject ?? {}, payload: JSON.parse(payloadJcs), payloadJcs };
}

/**
 * Appends entries in one transaction, serialized with every other appender by a transaction-level
 * advisory lock: one linear, gap-free chain. Entries whose idempotency key already exists are
 * returned as stored (and must match in type and actor). Returns the entries in input order.
 */
export async function appendEntries(db: Db, entries: NewEntry[]): Promise<LedgerEntry[]> {
  if (entries.length === 0) return [];
  return (await appendEntriesDetailed(db, entries)).entries;
}

/** appendEntries, also telling which entries this call wrote (false: an idempotent repeat). */
export async function appendEntriesDetailed(db: Db, entries: NewEntry[]): Promise<Appended> {
  if (entries.length === 0) return { entries: [], created: [] };
  const prepared = entries.map(prepare);
  return db.transaction((tx) => appendPrepared(tx, prepared));
}

interface Appended {
  entries: LedgerEntry[];
  created: boolean[];
}

export async function appendEntry(db: Db, entry: NewEntry): Promise<LedgerEntry> {
  const [stored] = await appendEntries(db, [entry]);
  return stored as LedgerEntry;
}

/** The same, inside a transaction the caller opened (the lock is held until it ends). */
export async function appendWithin(tx: Queryable, entries: NewEntry[]): Promise<LedgerEntry[]> {
  return (await appendPrepared(tx, entries.map(prepare))).entries;
}

async function appendPrepared(tx: Queryable, entries: Prepared[]): Promise<Appended> {
  // Lock, then read the head, in one round trip: in READ COMMITTED each statement of a
  // multi-statement query takes its own snapshot, so the head is read after the lock is held
  // (the 4-writer concurrency test fails with duplicate seqs if that ever stops being true).
  const head = await tx.query<{ seq: string; hash: string }>(
    `SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY}); SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1`,
  );
  const keys = entries.map((e) => e.idempotencyKey).filter((k): k is string => typeof k === 'string');
  const existing = new Map<string, LedgerEntry>();
  if (keys.length > 0) {
    const { rows } = await tx.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE idempotency_key = ANY($1)`,
      [keys],
    );
    for (const row of rows) existing.set(row.idempotency_key as string, rowToEntry(row));
  }
  let seq = Number(head.rows[0]?.seq ?? 0);
  let prev = head.rows[0]?.hash ?? GENESIS_HASH;
  const at = new Date().toISOString();
  const out: LedgerEntry[] = [];
  const created: boolean[] = [];
  const fresh: LedgerEntry[] = [];
  const seenInBatch = new Map<string, LedgerEntry>();
  for (const e of entries) {
    const key = e.idempotencyKey ?? null;
    const already = key === null ? undefined : (existing.get(key) ?? seenInBatch.get(key));
    if (already) {
      if (already.type !== e.type || already.actor !== e.actor) {
        throw new LedgerError(
          'LEDGER_IDEMPOTENCY_CONFLICT',
          `idempotency key ${key} already names seq ${already.seq} (${already.type} by ${already.actor})`,
        );
      }
      out.push(already);
      created.push(false);
      continue;
    }
    seq += 1;
    const s = e.subject;
    const hash = flatHash({
      seq,
      at,
      type: e.type,
      actor: e.actor,
      host: s.host,
      incident_id: s.incident_id,
      service: s.service,
      workflow_id: s.workflow_id,
      payload_jcs: e.payloadJcs,
      idempotency_key: key,
      prev_hash: prev,
    });
    const entry: LedgerEntry = withPayloadJcs(
      {
        seq,
        at,
        type: e.type,
        actor: e.actor,
        subject: s,
        payload: e.payload,
        idempotency_key: key,
        prev_hash: prev,
        hash,
      },
      e.payloadJcs,
    );
    prev = entry.hash;
    fresh.push(entry);
    out.push(entry);
    created.push(true);
    if (key !== null) seenInBatch.set(key, entry);
  }
  if (fresh.length > 0) await insertRows(tx, fresh);
  return { entries: out, created };
}

async function insertRows(tx: Queryable, rows: LedgerEntry[]): Promise<void> {
  const col = <T>(f: (e: LedgerEntry) => T): T[] => rows.map(f);
  await tx.query(
    `INSERT INTO ledger_entries (${LEDGER_COLUMNS})
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])`,
    [
      col((e) => e.seq),
      col((e) => e.at),
      col((e) => e.type),
      col((e) => e.actor),
      col((e) => e.subject.incident_id ?? null),
      col((e) => e.subject.workflow_id ?? null),
      col((e) => e.subject.host ?? null),
      col((e) => e.subject.service ?? null),
      col((e) => e.payload_jcs as string),
      col((e) => e.idempotency_key),
      col((e) => e.prev_hash),
      col((e) => e.hash),
    ],
  );
}
