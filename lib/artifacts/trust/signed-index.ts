import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import {
  isValidContract,
  validateContract,
  type ArtifactIndexEntry,
  type ArtifactIndexV1,
} from '../../contracts';
import { jcs } from '../../ledger/entry';
import { ArtifactError } from '../errors';
import { keyIdOf } from './keys';

export type SignedIndex = ArtifactIndexV1;
export type IndexBody = ArtifactIndexV1['signed'];
export type IndexEntry = ArtifactIndexEntry;

/** Domain separation: what an index signature covers can never be mistaken for another message. */
const DOMAIN = 'hale.artifact-index.v1\u0000';

/** The exact bytes signed: UTF-8 of DOMAIN || JCS(signed) (docs/artifact-store.md). */
export function indexSigningBytes(body: IndexBody): Buffer {
  return Buffer.from(DOMAIN + jcs(body), 'utf8');
}

/** Signs `body` with every key given (ECDSA P-256, SHA-256, DER, base64). */
export function signIndex(body: IndexBody, keys: readonly KeyObject[]): SignedIndex {
  const bytes = indexSigningBytes(body);
  return {
    signed: body,
    signatures: keys.map((key) => ({
      keyid: keyIdOf(key),
      sig: sign('sha256', bytes, key).toString('base64'),
    })) as [SignedIndex['signatures'][number], ...SignedIndex['signatures']],
  };
}

export interface IndexTrust {
  /** Public keys holding the index role. */
  indexKeys: readonly KeyObject[];
  threshold?: number;
  /** The newest index this client has seen (rollback protection). */
  seen?: { version: number; digest: string };
  now?: Date;
}

/** Parses index JSON text: INDEX_MALFORMED naming the file and the first schema failure. */
export function parseIndex(text: string, source: string): SignedIndex {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ArtifactError('INDEX_MALFORMED', `${source}: not JSON (${(err as Error).message})`, {
      details: { source },
    });
  }
  if (isValidContract('artifact.index.v1', doc)) return doc;
  try {
    return validateContract('artifact.index.v1', doc);
  } catch (err) {
    throw new ArtifactError('INDEX_MALFORMED', `${source}: ${(err as Error).message}`, {
      cause: err,
      details: { source },
    });
  }
}

/**
 * Checks a parsed index the way a TUF client checks targets metadata, in this order: signatures
 * (at least `threshold` valid ones from distinct index-role keys, else INDEX_SIGNATURE_INVALID),
 * rollback (version below the newest seen, or the same version with another body: INDEX_ROLLBACK),
 * freeze (expired: INDEX_EXPIRED). Returns the body's digest for the caller to remember.
 */
export function verifyIndex(index: SignedIndex, trust: IndexTrust): { digest: string } {
  const digest = verifyIndexSignatures(index, trust);
  checkIndexFreshness(index, digest, trust);
  return { digest };
}

/** The signature part of verifyIndex; returns the body digest (SHA-256 of the signed bytes). */
export function verifyIndexSignatures(
  index: SignedIndex,
  trust: Pick<IndexTrust, 'indexKeys' | 'threshold'>,
): string {
  const bytes = indexSigningBytes(index.signed);
  const roleKeys = new Map(trust.indexKeys.map((k) => [keyIdOf(k), k]));
  const threshold = trust.threshold ?? 1;
  const valid = new Set<string>();
  const problems: string[] = [];
  for (const s of index.signatures) {
    const key = roleKeys.get(s.keyid);
    if (!key) {
      problems.push(`key ${s.keyid.slice(0, 16)}… has no index role`);
      continue;
    }
    if (verify('sha256', bytes, key, Buffer.from(s.sig, 'base64'))) valid.add(s.keyid);
    else problems.push(`signature by ${s.keyid.slice(0, 16)}… does not verify`);
  }
  if (valid.size < threshold) {
    throw new ArtifactError(
      'INDEX_SIGNATURE_INVALID',
      `index version ${index.signed.version}: ${valid.size} valid index signature(s), ${threshold} needed (${problems.join('; ') || 'no signatures'})`,
      { details: { version: index.signed.version, valid: valid.size, threshold, problems } },
    );
  }
  return createHash('sha256').update(bytes).digest('hex');
}

/** The rollback and freeze part of verifyIndex, for an index whose signatures were already checked. */
export function checkIndexFreshness(
  index: SignedIndex,
  digest: string,
  trust: Pick<IndexTrust, 'seen' | 'now'>,
): void {
  const seen = trust.seen;
  if (seen && index.signed.version < seen.version) {
    throw new ArtifactError(
      'INDEX_ROLLBACK',
      `index version ${index.signed.version} is older than version ${seen.version}, which this client has already seen`,
      { details: { version: index.signed.version, seen: seen.version } },
    );
  }
  if (seen && index.signed.version === seen.version && digest !== seen.digest) {
    throw new ArtifactError(
      'INDEX_ROLLBACK',
      `index version ${index.signed.version} differs from the version ${seen.version} this client has seen (same number, other content)`,
      { details: { version: index.signed.version, digest, seen_digest: seen.digest } },
    );
  }
  const now = trust.now ?? new Date();
  if (!(Date.parse(index.signed.expires) > now.getTime())) {
    throw new ArtifactError(
      'INDEX_EXPIRED',
      `index version ${index.signed.version} expired at ${index.signed.expires} (now ${now.toISOString()})`,
      { details: { version: index.signed.version, expires: index.signed.expires } },
    );
  }
}
