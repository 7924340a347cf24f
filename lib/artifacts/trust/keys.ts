import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { ArtifactError } from '../errors';

/** keyid: lowercase hex SHA-256 of the public key's DER SubjectPublicKeyInfo (as in the index). */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** A P-256 public key from PEM text; KEY_MALFORMED / KEY_UNSUPPORTED naming `source`. */
export function publicKeyFromPem(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new ArtifactError('KEY_MALFORMED', `${source}: not a PEM public key (${(err as Error).message})`, {
      details: { source },
    });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ArtifactError('KEY_UNSUPPORTED', `${source}: only ECDSA P-256 keys are supported`, {
      details: { source, type: key.asymmetricKeyType },
    });
  }
  return key;
}
