import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { requestDigest } from './request-digest';

/**
 * Remediation requests signed with ECDSA P-256 (`sign.algo: ecdsa-p256-sha256`): the signature
 * (DER, base64) is over the UTF-8 bytes of `sign.digest`, which is itself the digest of the
 * canonical request without `sign` — so the signature covers every field of the request.
 * A key's id is `req-` + the first 16 hex digits of SHA-256 over its SPKI DER encoding.
 */
export type RequestSignatureCode =
  | 'DIGEST_MISMATCH'
  | 'REQUEST_UNSIGNED'
  | 'REQUEST_KEY_UNKNOWN'
  | 'REQUEST_SIGNATURE_INVALID'
  | 'REQUEST_KEY_INVALID';

export class RequestSignatureError extends Error {
  constructor(
    readonly code: RequestSignatureCode,
    message: string,
  ) {
    super(message);
    this.name = 'RequestSignatureError';
  }
}

export interface TrustedRequestKey {
  keyId: string;
  publicKey: KeyObject;
  /** Where the key came from (a file), for messages. */
  source: string;
}

function p256(key: KeyObject, source: string): KeyObject {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || (curve !== 'prime256v1' && curve !== 'P-256'))
    throw new RequestSignatureError('REQUEST_KEY_INVALID', `${source}: not an ECDSA P-256 key`);
  return key;
}

/** The id of a P-256 public (or private) key, PEM. */
export function requestKeyId(pem: string, source = 'key'): string {
  let key: KeyObject;
  try {
    key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  } catch (err) {
    throw new RequestSignatureError('REQUEST_KEY_INVALID', `${source}: ${(err as Error).message}`);
  }
  const der = p256(key, source).export({ type: 'spki', format: 'der' });
  return `req-${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

/** A trusted key from its PEM text (public or private; only the public half is kept). */
export function trustedRequestKey(pem: string, source: string): TrustedRequestKey {
  const keyId = requestKeyId(pem, source);
  const publicKey = pem.includes('PRIVATE KEY')
    ? createPublicKey(createPrivateKey(pem))
    : createPublicKey(pem);
  return { keyId, publicKey, source };
}

/** The request with `sign` = its digest and an ECDSA P-256 signature by `privateKeyPem`. */
export function signRequest<T extends Record<string, unknown>>(
  request: T,
  privateKeyPem: string,
): T & { sign: { algo: 'ecdsa-p256-sha256'; digest: string; signature: string; key_id: string } } {
  const { sign: _old, ...rest } = request;
  const digest = requestDigest(rest);
  const key = p256(createPrivateKey(privateKeyPem), 'signing key');
  const signature = sign('sha256', Buffer.from(digest, 'utf8'), key).toString('base64');
  return {
    ...(rest as T),
    sign: { algo: 'ecdsa-p256-sha256', digest, signature, key_id: requestKeyId(privateKeyPem) },
  };
}

export interface RequestSignatureCheck {
  /** `signed`: a trusted key's valid signature; `digest-only`: algo sha256, no signature. */
  status: 'signed' | 'digest-only';
  keyId?: string;
}

interface SignedPart {
  algo?: unknown;
  digest?: unknown;
  signature?: unknown;
  key_id?: unknown;
}

/**
 * Checks a request's digest and, when it carries one, its signature against the trusted keys.
 * A bad digest, an unknown key or a signature that does not verify throws; an unsigned request
 * (algo sha256) is `digest-only` — the caller decides whether that is enough.
 */
export function checkRequestSignature(
  request: Record<string, unknown>,
  trusted: readonly TrustedRequestKey[],
): RequestSignatureCheck {
  const s = (request.sign ?? {}) as SignedPart;
  const digest = requestDigest(request);
  if (s.digest !== digest)
    throw new RequestSignatureError(
      'DIGEST_MISMATCH',
      `sign.digest ${String(s.digest)} does not match the request (${digest})`,
    );
  if (s.algo !== 'ecdsa-p256-sha256') return { status: 'digest-only' };
  const key = trusted.find((k) => k.keyId === s.key_id);
  if (!key)
    throw new RequestSignatureError(
      'REQUEST_KEY_UNKNOWN',
      `sign.key_id ${String(s.key_id)} is not a trusted request key (${trusted.length} trusted)`,
    );
  const ok =
    typeof s.signature === 'string' &&
    verify('sha256', Buffer.from(digest, 'utf8'), key.publicKey, Buffer.from(s.signature, 'base64'));
  if (!ok)
    throw new RequestSignatureError(
      'REQUEST_SIGNATURE_INVALID',
      `sign.signature does not verify with key ${key.keyId} (${key.source})`,
    );
  return { status: 'signed', keyId: key.keyId };
}
