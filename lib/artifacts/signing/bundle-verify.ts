import type { KeyObject } from 'node:crypto';
import { ArtifactError } from '../errors';
import { checkFileSignature, decodeSignature, signFile } from './blob-signature';
import type { MessageSignatureBundle } from './bundle';
import { createBundle } from './bundle';
import type { FileDigest } from './digest';

/**
 * Verifies a file against a key-based bundle in one read. The bundle's `messageDigest` is compared
 * with the file's own SHA-256 first (BUNDLE_DIGEST_MISMATCH; @sigstore/verify skips this), then the
 * signature is checked over the file (SIGNATURE_MALFORMED / SIGNATURE_INVALID). Tlog entries are not used.
 */
export async function verifyFileWithBundle(
  path: string,
  publicKey: KeyObject,
  bundle: MessageSignatureBundle,
): Promise<FileDigest> {
  const der = decodeSignature(bundle.messageSignature.signature);
  const claimed = Buffer.from(bundle.messageSignature.messageDigest.digest, 'base64');
  const checked = await checkFileSignature(path, publicKey, der);
  const sha256 = checked.digest.toString('hex');
  if (!checked.digest.equals(claimed)) {
    throw new ArtifactError(
      'BUNDLE_DIGEST_MISMATCH',
      `bundle messageDigest ${claimed.toString('hex')} is not the SHA-256 of ${path} (${sha256})`,
      { details: { claimed: claimed.toString('hex'), actual: sha256 } },
    );
  }
  if (!checked.valid) throw new ArtifactError('SIGNATURE_INVALID', `bundle signature does not match ${path}`);
  return { sha256, size: checked.size };
}

/** Signs a file and wraps the result in a bundle cosign's `verify-blob --bundle` accepts. */
export async function signFileToBundle(
  path: string,
  privateKey: KeyObject,
): Promise<FileDigest & { bundle: MessageSignatureBundle }> {
  const signed = await signFile(path, privateKey);
  const bundle = createBundle({ publicKey: privateKey, sha256: signed.sha256, signature: signed.signature });
  return { bundle, sha256: signed.sha256, size: signed.size };
}
