import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ArtifactError } from '../errors';
import { openWithPassword, sealWithPassword } from './encrypted-envelope';
import { assertP256, publicOf } from './p256';
import { decodePem, encodePem } from './pem';

/** PEM type cosign ≥ 2 writes for private keys; the older `ENCRYPTED COSIGN PRIVATE KEY` is still read. */
export const SIGSTORE_PRIVATE_KEY_PEM = 'ENCRYPTED SIGSTORE PRIVATE KEY';
export const COSIGN_PRIVATE_KEY_PEM = 'ENCRYPTED COSIGN PRIVATE KEY';

export interface CosignKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A new ECDSA P-256 pair in `cosign generate-key-pair`'s files (`cosign.key`, `cosign.pub`). */
export async function generateCosignKeyPair(password: string): Promise<CosignKeyPair> {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKeyPem: await exportCosignPrivateKey(privateKey, password),
    publicKeyPem: publicKeyPem(privateKey),
  };
}

/** `ENCRYPTED SIGSTORE PRIVATE KEY` PEM: the password envelope around the PKCS#8 DER of `key`. */
export async function exportCosignPrivateKey(key: KeyObject, password: string): Promise<string> {
  if (key.type !== 'private')
    throw new ArtifactError('ARTIFACT_INPUT_INVALID', 'exporting needs a private key');
  assertP256(key, 'private key');
  const der = key.export({ format: 'der', type: 'pkcs8' });
  const envelope = await sealWithPassword(der, password);
  return encodePem(SIGSTORE_PRIVATE_KEY_PEM, Buffer.from(envelope));
}

/**
 * Reads a cosign private key. Without a password the empty one is tried (cosign's keys may have
 * none); if it does not open the key: KEY_PASSWORD_MISSING. A wrong password: KEY_PASSWORD_WRONG.
 */
export async function loadCosignPrivateKey(pem: string, password?: string): Promise<KeyObject> {
  const block = decodePem(pem, 'private key');
  if (block.type !== SIGSTORE_PRIVATE_KEY_PEM && block.type !== COSIGN_PRIVATE_KEY_PEM) {
    throw new ArtifactError(
      'KEY_MALFORMED',
      `private key: PEM type ${block.type} is not ${SIGSTORE_PRIVATE_KEY_PEM} (cosign's format)`,
    );
  }
  const json = block.der.toString('utf8');
  const pkcs8 = await openWithPassword(json, password ?? '');
  if (!pkcs8 && password === undefined) {
    throw new ArtifactError(
      'KEY_PASSWORD_MISSING',
      'private key is encrypted with a password; none was given',
    );
  }
  if (!pkcs8)
    throw new ArtifactError('KEY_PASSWORD_WRONG', 'wrong password for the private key (or key altered)');
  let key: KeyObject;
  try {
    key = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  } catch (err) {
    throw new ArtifactError('KEY_MALFORMED', 'private key: decrypted bytes are not PKCS#8 DER', {
      cause: err,
    });
  }
  assertP256(key, 'private key');
  return key;
}

/** Reads a PKIX `PUBLIC KEY` PEM (cosign.pub); ECDSA P-256 only. */
export function loadPublicKey(pem: string): KeyObject {
  const block = decodePem(pem, 'public key');
  if (block.type !== 'PUBLIC KEY') {
    throw new ArtifactError('KEY_MALFORMED', `public key: PEM type ${block.type} is not PUBLIC KEY`);
  }
  let key: KeyObject;
  try {
    key = crypto.createPublicKey({ key: block.der, format: 'der', type: 'spki' });
  } catch (err) {
    throw new ArtifactError('KEY_MALFORMED', 'public key: PEM body is not a DER SubjectPublicKeyInfo', {
      cause: err,
    });
  }
  assertP256(key, 'public key');
  return key;
}

function spkiDer(key: KeyObject): Buffer {
  return publicOf(key).export({ format: 'der', type: 'spki' });
}

/** `PUBLIC KEY` PEM of a public key (or of a private key's public half), as cosign writes cosign.pub. */
export function publicKeyPem(key: KeyObject): string {
  return encodePem('PUBLIC KEY', spkiDer(key));
}

/** Hale's key id: lowercase hex SHA-256 of the DER SubjectPublicKeyInfo. */
export function keyId(key: KeyObject): string {
  return crypto.createHash('sha256').update(spkiDer(key)).digest('hex');
}

/** cosign's `verificationMaterial.publicKey.hint`: standard base64 of the same SHA-256. */
export function publicKeyHint(key: KeyObject): string {
  return crypto.createHash('sha256').update(spkiDer(key)).digest('base64');
}
