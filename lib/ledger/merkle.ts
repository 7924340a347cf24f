/**
 * RFC 6962 / RFC 9162 Merkle trees over ledger entry hashes: roots, audit paths, consistency
 * proofs, standalone verifiers and an incremental frontier. Only `node:crypto` is used.
 */
export {
  HASH_BYTES,
  emptyRoot,
  hashFromHex,
  hashToHex,
  isHash,
  leafHash,
  leafHashFromHex,
  leafHashRaw,
  nodeHash,
} from './merkle-hash';
export { merkleRoot, merkleRootFromLeafHashes } from './merkle-tree';
export {
  consistencyProof,
  consistencyProofFromLeafHashes,
  inclusionProof,
  inclusionProofFromLeafHashes,
} from './merkle-proofs';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle-verify';
export type { ConsistencyCheck, InclusionCheck } from './merkle-verify';
export { MerkleFrontier } from './merkle-frontier';
