import type { LeafKind } from './merkle-tree';
import { nodeAt, packLeaves, reduceLevel, requireCount, requireLeaves } from './merkle-tree';

/**
 * Proof generation from the full list of leaves (RFC 6962 §2.1.1 audit paths and §2.1.2
 * consistency proofs), in O(n) hashes per proof over one packed buffer. Proof nodes are
 * ordered from the leaves towards the root, as in the RFC.
 *
 * Arguments are checked: a size or index that is not a non-negative safe integer throws
 * TypeError; one that is out of range (index ≥ treeSize, treeSize > leaves.length,
 * oldSize > newSize) throws RangeError; a leaf that is not a 32-byte Buffer throws TypeError.
 */

/** Siblings of node `position` of a level `width` wide, climbing to the root. */
function siblingsUpward(level: Buffer, width: number, position: number, proof: Buffer[]): Buffer[] {
  let w = width;
  let p = position;
  while (w > 1) {
    const sibling = p % 2 === 0 ? p + 1 : p - 1;
    // The last node of an odd-width level has no sibling: it is carried up unchanged.
    if (sibling < w) proof.push(nodeAt(level, sibling));
    w = reduceLevel(level, w);
    p = Math.floor(p / 2);
  }
  return proof;
}

function requireTreeSize(leaves: readonly Buffer[], size: number, what: string): void {
  requireCount(size, what);
  if (size > leaves.length) {
    throw new RangeError(`${what} ${size} exceeds the ${leaves.length} leaves given`);
  }
}

function auditPath(leaves: readonly Buffer[], index: number, treeSize: number, kind: LeafKind): Buffer[] {
  requireLeaves(leaves);
  requireTreeSize(leaves, treeSize, 'treeSize');
  requireCount(index, 'index');
  if (index >= treeSize) throw new RangeError(`index ${index} is outside a tree of ${treeSize} leaves`);
  return siblingsUpward(packLeaves(leaves, treeSize, kind), treeSize, index, []);
}

function subproof(leaves: readonly Buffer[], oldSize: number, newSize: number, kind: LeafKind): Buffer[] {
  requireLeaves(leaves);
  requireTreeSize(leaves, newSize, 'newSize');
  requireCount(oldSize, 'oldSize');
  if (oldSize > newSize) throw new RangeError(`oldSize ${oldSize} is larger than newSize ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const level = packLeaves(leaves, newSize, kind);
  // Climb to the root of the largest perfect subtree that ends at oldSize: leaves
  // [oldSize - 2^k, oldSize) where 2^k is the lowest set bit of oldSize.
  let width = newSize;
  let odd = oldSize;
  while (odd % 2 === 0) {
    width = reduceLevel(level, width);
    odd /= 2;
  }
  const position = odd - 1;
  // That subtree root is part of the proof unless oldSize is a power of two, in which case it is
  // the old root itself, which the verifier already has (SUBPROOF's b = true case).
  const proof = position === 0 ? [] : [nodeAt(level, position)];
  return siblingsUpward(level, width, position, proof);
}

/**
 * Audit path PATH(index, D[treeSize]) for the entry at 0-based `index` in the tree over the
 * first `treeSize` entry hashes (default: all of them).
 */
export function inclusionProof(
  leaves: readonly Buffer[],
  index: number,
  treeSize: number = leaves.length,
): Buffer[] {
  return auditPath(leaves, index, treeSize, 'entry');
}

/** inclusionProof over leaf hashes that are already computed. */
export function inclusionProofFromLeafHashes(
  leafHashes: readonly Buffer[],
  index: number,
  treeSize: number = leafHashes.length,
): Buffer[] {
  return auditPath(leafHashes, index, treeSize, 'leafHash');
}

/**
 * Consistency proof PROOF(oldSize, D[newSize]) between the trees over the first `oldSize` and
 * the first `newSize` entry hashes. Empty when oldSize is 0 or equals newSize (nothing to prove).
 */
export function consistencyProof(leaves: readonly Buffer[], oldSize: number, newSize: number): Buffer[] {
  return subproof(leaves, oldSize, newSize, 'entry');
}

/** consistencyProof over leaf hashes that are already computed. */
export function consistencyProofFromLeafHashes(
  leafHashes: readonly Buffer[],
  oldSize: number,
  newSize: number,
): Buffer[] {
  return subproof(leafHashes, oldSize, newSize, 'leafHash');
}
