/**
 * Verification that needs nothing but the documents and the signer's public key: no database, no
 * Hale process. This is what an outsider (an auditor, a ticket reviewer) runs.
 */
import { verifySignature } from './keys';
import { verifyConsistency, verifyInclusion } from './merkle';
import type { ConsistencyProofDoc, ExportedCheckpoint, InclusionProofDoc } from './proofs';
import { checkpointStatement } from './statements';

export function verifyCheckpointSignature(cp: ExportedCheckpoint, publicKeyB64: string): boolean {
  return verifySignature(publicKeyB64, checkpointStatement(cp), cp.signature);
}

export function verifyInclusionDoc(
  doc: InclusionProofDoc,
  publicKeyB64: string,
): { ok: boolean; reason?: string } {
  if (!verifyCheckpointSignature(doc.checkpoint, publicKeyB64))
    return { ok: false, reason: 'checkpoint signature does not verify' };
  if (doc.root_hash !== doc.checkpoint.root_hash || doc.tree_size !== doc.checkpoint.tree_size)
    return { ok: false, reason: 'proof is not against this checkpoint' };
  const ok = verifyInclusion({
    entryHash: Buffer.from(doc.entry_hash, 'hex'),
    index: doc.index,
    treeSize: doc.tree_size,
    proof: doc.path.map((h) => Buffer.from(h, 'hex')),
    rootHash: Buffer.from(doc.root_hash, 'hex'),
  });
  return ok ? { ok } : { ok, reason: 'inclusion proof does not lead to the checkpoint root' };
}

export function verifyConsistencyDoc(
  doc: ConsistencyProofDoc,
  publicKeyB64: string,
): { ok: boolean; reason?: string } {
  if (
    !verifyCheckpointSignature(doc.old, publicKeyB64) ||
    !verifyCheckpointSignature(doc.new, publicKeyB64)
  ) {
    return { ok: false, reason: 'checkpoint signature does not verify' };
  }
  const ok = verifyConsistency({
    oldSize: doc.old.tree_size,
    newSize: doc.new.tree_size,
    oldRoot: Buffer.from(doc.old.root_hash, 'hex'),
    newRoot: Buffer.from(doc.new.root_hash, 'hex'),
    proof: doc.path.map((h) => Buffer.from(h, 'hex')),
  });
  return ok ? { ok } : { ok, reason: 'consistency proof does not link the two roots' };
}
