import path from 'node:path';
import type { Db } from '../db';
import { loadOrCreateSigner, type LedgerSigner } from './keys';
import { registerKey } from './records';

/** The control plane's identity: it signs checkpoints and registers the other components' keys. */
export const CONTROL_ACTOR = 'hale-control';

export function keysDir(dataDir: string): string {
  return path.join(dataDir, 'keys');
}

async function isRegistered(db: Db, keyId: string): Promise<boolean> {
  const { rows } = await db.query(
    "SELECT 1 FROM ledger_entries WHERE type = 'key.registered' AND payload::jsonb->>'key_id' = $1",
    [keyId],
  );
  return rows.length > 0;
}

/**
 * The signer of `actor` from `<dataDir>/keys/`, created and registered in the ledger on first use
 * (the control key first, as the root; other keys registered by the control key).
 */
export async function ensureSigner(
  db: Db,
  dataDir: string,
  actor: string = CONTROL_ACTOR,
): Promise<LedgerSigner> {
  const control = loadOrCreateSigner(keysDir(dataDir), CONTROL_ACTOR).signer;
  if (!(await isRegistered(db, control.keyId))) await registerKey(db, control);
  if (actor === CONTROL_ACTOR) return control;
  const { signer } = loadOrCreateSigner(keysDir(dataDir), actor);
  if (!(await isRegistered(db, signer.keyId))) await registerKey(db, signer, { by: control });
  return signer;
}
