import type { KeyObject } from 'node:crypto';
import { ArtifactError } from '../errors';
import { keyId, loadPublicKey } from '../signing';

/** keyid: lowercase hex SHA-256 of the public key's DER SubjectPublicKeyInfo (as in the index). */
export const keyIdOf = (key: KeyObject): string => keyId(key);

/** A P-256 public key from PEM text (cosign.pub); the error names `source` (the file). */
export function publicKeyFromPem(pem: string, source: string): KeyObject {
  try {
    return loadPublicKey(pem);
  } catch (err) {
    if (err instanceof ArtifactError) {
      throw new ArtifactError(err.code, `${source}: ${err.message}`, { cause: err, details: { source } });
    }
    throw err;
  }
}
