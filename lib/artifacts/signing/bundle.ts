import type { KeyObject } from 'node:crypto';
import { ArtifactError } from '../errors';
import { isStdBase64 } from './base64';
import { publicKeyHint } from './cosign-keys';

/** Media type `cosign sign-blob --bundle` writes (v3); the v0.3 alias of older clients is also read. */
export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const BUNDLE_MEDIA_TYPES = [BUNDLE_MEDIA_TYPE, 'application/vnd.dev.sigstore.bundle+json;version=0.3'];

/** A Sigstore bundle holding a key-based blob signature and no transparency-log entries. */
export interface MessageSignatureBundle {
  mediaType: string;
  verificationMaterial: { publicKey: { hint?: string } };
  messageSignature: {
    messageDigest: { algorithm: 'SHA2_256'; digest: string };
    signature: string;
  };
}

export interface BundleInput {
  publicKey: KeyObject;
  /** Lowercase hex SHA-256 of the blob. */
  sha256: string;
  /** Base64 DER signature, as `signFile` returns it. */
  signature: string;
}

/** The bundle cosign writes for `sign-blob --key … --bundle` (hint: base64 SHA-256 of the DER public key). */
export function createBundle(input: BundleInput): MessageSignatureBundle {
  if (!/^[0-9a-f]{64}$/.test(input.sha256)) {
    throw new ArtifactError('ARTIFACT_INPUT_INVALID', 'bundle sha256 must be 64 lowercase hex characters');
  }
  return {
    mediaType: BUNDLE_MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint: publicKeyHint(input.publicKey) } },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: Buffer.from(input.sha256, 'hex').toString('base64') },
      signature: input.signature,
    },
  };
}

export function serializeBundle(bundle: MessageSignatureBundle): string {
  return `${JSON.stringify(bundle)}\n`;
}

class Reader {
  constructor(private readonly fileName: string) {}

  fail(field: string, problem: string): ArtifactError {
    return new ArtifactError('BUNDLE_MALFORMED', `${this.fileName}: ${field} ${problem}`, {
      details: { field },
    });
  }

  object(value: unknown, field: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.fail(field, value === undefined ? 'is missing' : 'is not an object');
    }
    return value as Record<string, unknown>;
  }

  base64(value: unknown, field: string): string {
    if (typeof value !== 'string')
      throw this.fail(field, value === undefined ? 'is missing' : 'is not a string');
    if (value === '' || !isStdBase64(value)) throw this.fail(field, 'is not standard base64');
    return value;
  }
}

/** Parses and checks a bundle file's text; BUNDLE_MALFORMED names the first field that is wrong. */
export function parseBundle(jsonText: string, fileName: string): MessageSignatureBundle {
  const r = new Reader(fileName);
  let doc: unknown;
  try {
    doc = JSON.parse(jsonText);
  } catch (err) {
    throw new ArtifactError('BUNDLE_MALFORMED', `${fileName}: not JSON`, {
      cause: err,
      details: { field: '' },
    });
  }
  const root = r.object(doc, 'bundle');
  if (typeof root.mediaType !== 'string' || !BUNDLE_MEDIA_TYPES.includes(root.mediaType)) {
    throw r.fail('mediaType', `is ${JSON.stringify(root.mediaType)}, not ${BUNDLE_MEDIA_TYPE}`);
  }
  const material = r.object(root.verificationMaterial, 'verificationMaterial');
  if (material.publicKey === undefined) {
    throw r.fail('verificationMaterial.publicKey', 'is missing (only key-based bundles are supported)');
  }
  const publicKey = r.object(material.publicKey, 'verificationMaterial.publicKey');
  if (publicKey.hint !== undefined && typeof publicKey.hint !== 'string') {
    throw r.fail('verificationMaterial.publicKey.hint', 'is not a string');
  }
  if (root.messageSignature === undefined) {
    throw r.fail('messageSignature', 'is missing (DSSE bundles are not supported)');
  }
  const signed = r.object(root.messageSignature, 'messageSignature');
  const md = r.object(signed.messageDigest, 'messageSignature.messageDigest');
  if (md.algorithm !== 'SHA2_256') {
    throw r.fail(
      'messageSignature.messageDigest.algorithm',
      `is ${JSON.stringify(md.algorithm)}, not SHA2_256`,
    );
  }
  const digest = r.base64(md.digest, 'messageSignature.messageDigest.digest');
  if (Buffer.from(digest, 'base64').length !== 32) {
    throw r.fail('messageSignature.messageDigest.digest', 'is not 32 bytes');
  }
  const signature = r.base64(signed.signature, 'messageSignature.signature');
  return {
    mediaType: root.mediaType,
    verificationMaterial: { publicKey: publicKey.hint === undefined ? {} : { hint: publicKey.hint } },
    messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest }, signature },
  };
}
