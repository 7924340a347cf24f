import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ArtifactError } from '../errors';
import { decodeBase64 } from './base64';
import type { FileDigest } from './digest';
import { isEcdsaDerSignature } from './ecdsa-der';
import { readFileChunks } from './file-chunks';
import { assertP256, publicOf } from './p256';

/** `cosign sign-blob --key` output: base64 of the DER ECDSA P-256 signature over SHA-256 of the blob. */
export interface FileSignature extends FileDigest {
  signature: string;
}

function signingKey(key: KeyObject): KeyObject {
  if (key.type !== 'private')
    throw new ArtifactError('ARTIFACT_INPUT_INVALID', 'signing needs a private key');
  assertP256(key, 'signing key');
  return key;
}

function verifyingKey(key: KeyObject): KeyObject {
  const pub = publicOf(key);
  assertP256(pub, 'verification key');
  return pub;
}

/** DER bytes of a base64 signature (surrounding whitespace allowed); SIGNATURE_MALFORMED otherwise. */
export function decodeSignature(signatureBase64: string): Buffer {
  const der = decodeBase64(signatureBase64.trim(), 'signature', 'SIGNATURE_MALFORMED');
  if (!isEcdsaDerSignature(der)) {
    throw new ArtifactError('SIGNATURE_MALFORMED', 'signature is not a DER-encoded ECDSA signature');
  }
  return der;
}

export function signBytes(data: Uint8Array, privateKey: KeyObject): string {
  return crypto.sign('sha256', data, { key: signingKey(privateKey), dsaEncoding: 'der' }).toString('base64');
}

export function verifyBytesSignature(data: Uint8Array, publicKey: KeyObject, signatureBase64: string): void {
  const der = decodeSignature(signatureBase64);
  if (!crypto.verify('sha256', data, { key: verifyingKey(publicKey), dsaEncoding: 'der' }, der)) {
    throw new ArtifactError('SIGNATURE_INVALID', 'signature does not match the data and key');
  }
}

/** Signs a file in one read: the SHA-256 digest and the signature are fed the same chunks. */
export async function signFile(path: string, privateKey: KeyObject): Promise<FileSignature> {
  const key = signingKey(privateKey);
  const hash = crypto.createHash('sha256');
  const signer = crypto.createSign('sha256');
  const size = await readFileChunks(path, (chunk) => {
    hash.update(chunk);
    signer.update(chunk);
  });
  const signature = signer.sign({ key, dsaEncoding: 'der' }).toString('base64');
  return { signature, sha256: hash.digest('hex'), size };
}

export interface CheckedFile {
  digest: Buffer;
  size: number;
  valid: boolean;
}

/** One read of `path`: its SHA-256 and whether `der` is a valid signature of it by `publicKey`. */
export async function checkFileSignature(
  path: string,
  publicKey: KeyObject,
  der: Buffer,
): Promise<CheckedFile> {
  const key = verifyingKey(publicKey);
  // Node cannot verify ECDSA over a precomputed digest (crypto.verify always hashes), so the
  // digest and the verifier are fed the same chunks of a single read.
  const hash = crypto.createHash('sha256');
  const verifier = crypto.createVerify('sha256');
  const size = await readFileChunks(path, (chunk) => {
    hash.update(chunk);
    verifier.update(chunk);
  });
  return { digest: hash.digest(), size, valid: verifier.verify({ key, dsaEncoding: 'der' }, der) };
}

/** Verifies a `cosign sign-blob` signature of a file; SIGNATURE_MALFORMED / SIGNATURE_INVALID. */
export async function verifyFileSignature(
  path: string,
  publicKey: KeyObject,
  signatureBase64: string,
): Promise<FileDigest> {
  const der = decodeSignature(signatureBase64);
  const checked = await checkFileSignature(path, publicKey, der);
  if (!checked.valid)
    throw new ArtifactError('SIGNATURE_INVALID', `signature does not match ${path} and key`);
  return { sha256: checked.digest.toString('hex'), size: checked.size };
}
