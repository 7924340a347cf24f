import { validateContract, type RunnerActionV1 } from '../../lib/contracts';
import { jcs } from '../../lib/ledger/entry';
import type { LedgerSigner } from '../../lib/ledger';
import { RunnerAuthError } from './errors';

export type SignedAction = RunnerActionV1;
export type Action = RunnerActionV1['action'];

const DOMAIN = 'hale.runner.action.v1\u0000';

/** Exactly what is signed: "hale.runner.action.v1" 0x00 JCS(action). */
export function actionStatement(action: Action): string {
  return DOMAIN + jcs(action);
}

/** The control plane signs an action for one runner, valid for `ttlMs` (default 5 minutes). */
export function signAction(
  fields: Omit<Action, 'issued_at' | 'expires_at'>,
  signer: LedgerSigner,
  opts: { now?: Date; ttlMs?: number } = {},
): SignedAction {
  const now = opts.now ?? new Date();
  const action: Action = {
    ...fields,
    issued_at: now.toISOString(),
    expires_at: new Date(now.getTime() + (opts.ttlMs ?? 5 * 60 * 1000)).toISOString(),
  };
  return { action, signature: { key_id: signer.keyId, sig: signer.sign(actionStatement(action)) } };
}

/** Parses and schema-checks a signed action (ACTION_MALFORMED naming the field). */
export function parseSignedAction(doc: unknown): SignedAction {
  try {
    return validateContract('runner.action.v1', doc);
  } catch (err) {
    throw new RunnerAuthError('ACTION_MALFORMED', (err as Error).message, { cause: err });
  }
}
