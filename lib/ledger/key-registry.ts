import type { LedgerEntry } from './entry';
import { keyIdOf, verifySignature } from './keys';
import { keyStatement } from './statements';

export interface RegisteredKey {
  keyId: string;
  actor: string;
  publicKey: string;
  notBefore: string;
  notAfter: string;
  seq: number;
}

export interface KeyRegistrationPayload {
  key_id: string;
  actor: string;
  algorithm: 'ed25519';
  public_key: string;
  not_before: string;
  not_after: string;
  signed_by: string;
  signature: string;
}

export type KeyCheck =
  | { ok: true }
  | { ok: false; reason: 'bad signature' | 'unknown or expired key' | 'malformed'; detail: string };

/**
 * The keys registered in the ledger, in chain order. The first `key.registered` entry is the root
 * (self-signed); every later registration must be signed by a key valid at that entry's time.
 */
export class KeyRegistry {
  private readonly keys = new Map<string, RegisteredKey>();

  get size(): number {
    return this.keys.size;
  }

  all(): RegisteredKey[] {
    return [...this.keys.values()];
  }

  /** A key valid at `at` (ISO time), registered before entry `beforeSeq`. */
  validKey(keyId: string, at: string, beforeSeq: number): RegisteredKey | undefined {
    const key = this.keys.get(keyId);
    if (!key || key.seq >= beforeSeq) return undefined;
    return at >= key.notBefore && at < key.notAfter ? key : undefined;
  }

  /** Checks `signature` over `message` by `keyId` as of entry (seq, at). */
  checkSignature(keyId: unknown, message: string, signature: unknown, seq: number, at: string): KeyCheck {
    if (typeof keyId !== 'string' || typeof signature !== 'string')
      return { ok: false, reason: 'malformed', detail: 'key_id and signature are required' };
    const key = this.validKey(keyId, at, seq);
    if (!key)
      return {
        ok: false,
        reason: 'unknown or expired key',
        detail: `key ${keyId} is not registered or not valid at ${at}`,
      };
    if (!verifySignature(key.publicKey, message, signature))
      return { ok: false, reason: 'bad signature', detail: `signature by ${keyId} does not verify` };
    return { ok: true };
  }

  /** Validates and adds a key.registered entry. */
  register(entry: LedgerEntry): KeyCheck {
    const p = entry.payload as Partial<KeyRegistrationPayload> | null;
    if (
      !p ||
      typeof p.public_key !== 'string' ||
      typeof p.key_id !== 'string' ||
      typeof p.not_before !== 'string' ||
      typeof p.not_after !== 'string' ||
      typeof p.actor !== 'string'
    ) {
      return { ok: false, reason: 'malformed', detail: 'key.registered payload is incomplete' };
    }
    if (keyIdOf(p.public_key) !== p.key_id)
      return { ok: false, reason: 'malformed', detail: `key_id ${p.key_id} does not match the public key` };
    const statement = keyStatement({
      key_id: p.key_id,
      actor: p.actor,
      public_key: p.public_key,
      not_before: p.not_before,
      not_after: p.not_after,
    });
    if (this.keys.size === 0) {
      // The root key signs its own registration.
      if (
        p.signed_by !== p.key_id ||
        typeof p.signature !== 'string' ||
        !verifySignature(p.public_key, statement, p.signature)
      ) {
        return { ok: false, reason: 'bad signature', detail: 'the root key registration is not self-signed' };
      }
    } else {
      const check = this.checkSignature(p.signed_by, statement, p.signature, entry.seq, entry.at);
      if (!check.ok) return check;
    }
    this.keys.set(p.key_id, {
      keyId: p.key_id,
      actor: p.actor,
      publicKey: p.public_key,
      notBefore: p.not_before,
      notAfter: p.not_after,
      seq: entry.seq,
    });
    return { ok: true };
  }
}
