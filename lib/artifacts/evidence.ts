import type { Db } from '../db';
import { appendEntry, recordCustody, type EvidenceObject, type LedgerSigner } from '../ledger';
import type { ArtifactError, ArtifactErrorCode } from './errors';
import type { StoreEvidence } from './store/store';
import { formatLocalRef } from './store/refs';
import type { IndexEntry } from './trust/signed-index';

/** The ledger actor of the artifact store (its own Ed25519 key, registered by the control key). */
export const ARTIFACT_ACTOR = 'hale-artifacts';

/**
 * Failures that mean someone tampered with the store or its index rather than that an artifact is
 * merely unusable: each becomes a `governance.incident` entry (a hard stop that people must look at).
 */
const GOVERNANCE: ReadonlySet<ArtifactErrorCode> = new Set<ArtifactErrorCode>([
  'SIGNATURE_INVALID',
  'ARTIFACT_BLOB_CORRUPT',
  'BUNDLE_DIGEST_MISMATCH',
  'INDEX_SIGNATURE_INVALID',
  'INDEX_ROLLBACK',
  'TRUST_KEY_NOT_ALLOWED',
]);

export function isGovernanceFailure(code: ArtifactErrorCode): boolean {
  return GOVERNANCE.has(code);
}

/**
 * StoreEvidence on the evidence ledger: imports as custody entries (digest, the artifact's cosign
 * signature and key id, signed again by the store's ledger key), status changes, index versions,
 * and verification failures (governance incidents for tampering).
 */
export function ledgerEvidence(db: Db, signer: LedgerSigner, storeRoot: string): StoreEvidence {
  const artifactFacts = (path: string, e: IndexEntry) => ({
    store: storeRoot,
    ref: formatLocalRef({ path }),
    kind: e.kind,
    name: e.name,
    version: e.version,
    length: e.length,
    sha256: e.hashes.sha256,
  });
  return {
    async imported(path, entry) {
      const object: EvidenceObject & Record<string, unknown> = {
        object_kind: 'artifact',
        object_ref: formatLocalRef({ path }),
        content_hash: `sha256:${entry.hashes.sha256}`,
        artifact_signature: entry.signature,
        artifact_key_id: entry.key_id,
        sbom_sha256: entry.sbom_sha256 ?? null,
        provenance: entry.provenance,
        ...artifactFacts(path, entry),
      };
      await recordCustody(
        db,
        signer,
        object,
        undefined,
        `artifact.import:${entry.hashes.sha256}:${entry.provenance.imported_at}`,
      );
    },
    async statusChanged(path, entry, from, reason) {
      await appendEntry(db, {
        type: 'artifact.status',
        actor: signer.actor,
        payload: { ...artifactFacts(path, entry), from, to: entry.status, reason },
      });
    },
    async verifyFailed(ref, err: ArtifactError, entry) {
      const governance = isGovernanceFailure(err.code);
      await appendEntry(db, {
        type: governance ? 'governance.incident' : 'artifact.verify_failed',
        actor: signer.actor,
        payload: {
          store: storeRoot,
          ref,
          code: err.code,
          message: err.message,
          ...(entry
            ? { sha256: entry.hashes.sha256, kind: entry.kind, name: entry.name, version: entry.version }
            : {}),
          ...(governance ? { action: 'hard stop: nothing was installed or launched' } : {}),
        },
      });
    },
    async indexPublished(version, digest, changed) {
      await appendEntry(db, {
        type: 'artifact.index.published',
        actor: signer.actor,
        payload: { store: storeRoot, version, body_sha256: digest, changed },
      });
    },
  };
}

/** `hale artifact sign` of any file: its digest and the cosign signature made, as custody. */
export async function recordFileSigned(
  db: Db,
  signer: LedgerSigner,
  file: { path: string; sha256: string; signature: string; keyId: string },
): Promise<void> {
  const object: EvidenceObject & Record<string, unknown> = {
    object_kind: 'signed_file',
    object_ref: file.path,
    content_hash: `sha256:${file.sha256}`,
    artifact_signature: file.signature,
    artifact_key_id: file.keyId,
  };
  await recordCustody(db, signer, object);
}

/** `hale artifact verify FILE …` that failed: what was checked, with which key, and why. */
export async function recordFileVerifyFailed(
  db: Db,
  signer: LedgerSigner,
  failure: { path: string; keyId: string; err: ArtifactError },
): Promise<void> {
  await appendEntry(db, {
    type: 'artifact.verify_failed',
    actor: signer.actor,
    payload: {
      file: failure.path,
      key_id: failure.keyId,
      code: failure.err.code,
      message: failure.err.message,
    },
  });
}
