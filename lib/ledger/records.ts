import type { Db } from '../db';
import { appendEntry } from './append';
import type { LedgerEntry, Subject } from './entry';
import { LedgerError } from './errors';
import type { LedgerSigner } from './keys';
import { custodyStatement, keyStatement } from './statements';

export const ANNOTATION_KINDS = [
  'note',
  'correction',
  'EXPLANATION_NL',
  'CAUSAL_CHAIN',
  'COUNTERFACTUALS',
] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Registers `signer`'s public key in the ledger with a validity window. The first key ever
 * registered is the root and signs itself; every later one must be signed by a valid key (`by`).
 */
export async function registerKey(
  db: Db,
  signer: LedgerSigner,
  opts: { by?: LedgerSigner; notBefore?: string; notAfter?: string } = {},
): Promise<LedgerEntry> {
  const { rows } = await db.query<{ n: string }>(
    "SELECT count(*) AS n FROM ledger_entries WHERE type = 'key.registered'",
  );
  const isRoot = Number(rows[0]?.n ?? 0) === 0;
  const by = isRoot ? signer : opts.by;
  if (!by)
    throw new LedgerError(
      'LEDGER_KEY_INVALID',
      `registering ${signer.keyId} needs a signature by an already registered key`,
    );
  const notBefore = opts.notBefore ?? new Date(Date.now() - 60_000).toISOString();
  const notAfter = opts.notAfter ?? new Date(Date.now() + YEAR_MS).toISOString();
  const body = {
    key_id: signer.keyId,
    actor: signer.actor,
    public_key: signer.publicKey,
    not_before: notBefore,
    not_after: notAfter,
  };
  return appendEntry(db, {
    type: 'key.registered',
    actor: by.actor,
    payload: { ...body, algorithm: 'ed25519', signed_by: by.keyId, signature: by.sign(keyStatement(body)) },
    idempotencyKey: `key.registered:${signer.keyId}`,
  });
}

export interface EvidenceObject {
  /** artifact | log_bundle | snapshot | test_report | … */
  object_kind: string;
  object_ref: string;
  /** `sha256:<hex>` of the object's bytes. */
  content_hash: string;
}

/** Chain of custody: the object's content hash, signed by the actor's own key. */
export async function recordCustody(
  db: Db,
  signer: LedgerSigner,
  object: EvidenceObject,
  subject?: Subject,
  idempotencyKey?: string,
): Promise<LedgerEntry> {
  if (!/^sha256:[0-9a-f]{64}$/.test(object.content_hash)) {
    throw new LedgerError('LEDGER_INPUT_INVALID', 'content_hash must be sha256:<64 hex>');
  }
  const signature = signer.sign(custodyStatement({ ...object, actor: signer.actor }));
  return appendEntry(db, {
    type: 'custody',
    actor: signer.actor,
    subject,
    payload: { ...object, key_id: signer.keyId, signature },
    idempotencyKey,
  });
}

/** Attaches a later fact or correction to entry `targetSeq` (never an edit). */
export async function annotate(
  db: Db,
  input: {
    targetSeq: number;
    kind: AnnotationKind;
    actor: string;
    text?: string;
    data?: unknown;
    idempotencyKey?: string;
  },
): Promise<LedgerEntry> {
  if (!ANNOTATION_KINDS.includes(input.kind)) {
    throw new LedgerError('LEDGER_INPUT_INVALID', `kind must be one of ${ANNOTATION_KINDS.join(', ')}`);
  }
  const { rows } = await db.query<{
    incident_id: string | null;
    workflow_id: string | null;
    host: string | null;
    service: string | null;
  }>('SELECT incident_id, workflow_id, host, service FROM ledger_entries WHERE seq = $1', [input.targetSeq]);
  const target = rows[0];
  if (!target) throw new LedgerError('LEDGER_NOT_FOUND', `no ledger entry with seq ${input.targetSeq}`);
  const subject: Subject = {};
  for (const key of ['incident_id', 'workflow_id', 'host', 'service'] as const)
    if (target[key]) subject[key] = target[key] as string;
  return appendEntry(db, {
    type: 'annotation',
    actor: input.actor,
    subject,
    payload: {
      target_seq: input.targetSeq,
      kind: input.kind,
      text: input.text ?? null,
      data: input.data ?? null,
    },
    idempotencyKey: input.idempotencyKey,
  });
}
