import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ArtifactError } from '../errors';

/** KEY_UNSUPPORTED unless `key` is an ECDSA P-256 key (the only kind cosign's default key pairs have). */
export function assertP256(key: KeyObject, what: string): void {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    const kind = key.asymmetricKeyType === 'ec' ? `ec ${curve ?? '?'}` : String(key.asymmetricKeyType);
    throw new ArtifactError('KEY_UNSUPPORTED', `${what} is ${kind}; only ECDSA P-256 is supported`);
  }
}

/** The public half of `key` (a public key is returned as it is). */
export function publicOf(key: KeyObject): KeyObject {
  return key.type === 'private' ? crypto.createPublicKey(key) : key;
}
