import { verifySignature } from '../../lib/ledger';
import { RunnerAuthError } from './errors';
import type { ReplayGuard } from './replay-guard';
import { actionStatement, parseSignedAction, type Action } from './signed-action';

/** A control plane key this runner trusts (SPKI DER base64, as the ledger registers it). */
export interface TrustedControlKey {
  keyId: string;
  publicKey: string;
  /** Not accepted after this instant (rotation). */
  notAfter?: string;
}

export interface VerifyActionOptions {
  hostId: string;
  keys: readonly TrustedControlKey[];
  replay: ReplayGuard;
  now?: Date;
  /** Longest lifetime accepted (default 15 minutes). */
  maxLifetimeMs?: number;
  /** Clock skew tolerated on issued_at (default 60 s). */
  skewMs?: number;
}

const refuse = (code: ConstructorParameters<typeof RunnerAuthError>[0], message: string, action?: Action) =>
  new RunnerAuthError(code, message, { details: action ? { action_id: action.id, kind: action.kind } : {} });

/**
 * Checks a signed action before anything is touched, in this order: shape, key known (and not
 * retired), signature, host, time window (not yet valid / expired / lifetime too long), then the
 * replay guard claims its id. Returns the action; throws RunnerAuthError with the code otherwise.
 */
export function verifyAction(doc: unknown, opts: VerifyActionOptions): Action {
  const signed = parseSignedAction(doc);
  const { action, signature } = signed;
  const now = opts.now ?? new Date();
  const key = opts.keys.find((k) => k.keyId === signature.key_id);
  if (!key)
    throw refuse(
      'ACTION_KEY_UNKNOWN',
      `action ${action.id}: key ${signature.key_id} is not a trusted control key`,
      action,
    );
  if (key.notAfter && Date.parse(key.notAfter) < now.getTime()) {
    throw refuse(
      'ACTION_KEY_UNKNOWN',
      `action ${action.id}: key ${key.keyId} was retired at ${key.notAfter}`,
      action,
    );
  }
  if (!verifySignature(key.publicKey, actionStatement(action), signature.sig)) {
    throw refuse(
      'ACTION_SIGNATURE_INVALID',
      `action ${action.id}: the signature does not verify with ${key.keyId}`,
      action,
    );
  }
  if (action.host !== opts.hostId) {
    throw refuse(
      'ACTION_WRONG_HOST',
      `action ${action.id} is for host ${action.host}, this runner is ${opts.hostId}`,
      action,
    );
  }
  const issued = Date.parse(action.issued_at);
  const expires = Date.parse(action.expires_at);
  if (issued - (opts.skewMs ?? 60000) > now.getTime()) {
    throw refuse(
      'ACTION_NOT_YET_VALID',
      `action ${action.id} is issued at ${action.issued_at}, in the future`,
      action,
    );
  }
  if (!(expires > now.getTime())) {
    throw refuse('ACTION_EXPIRED', `action ${action.id} expired at ${action.expires_at}`, action);
  }
  const maxLifetime = opts.maxLifetimeMs ?? 15 * 60 * 1000;
  if (expires - issued > maxLifetime) {
    throw refuse(
      'ACTION_LIFETIME_TOO_LONG',
      `action ${action.id} is valid for ${Math.round((expires - issued) / 1000)} s, more than ${maxLifetime / 1000} s`,
      action,
    );
  }
  if (!opts.replay.claim(action.id, new Date(expires), now)) {
    throw refuse('ACTION_REPLAYED', `action ${action.id} was already executed by this runner`, action);
  }
  return action;
}
