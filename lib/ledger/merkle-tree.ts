import { HASH_BYTES, emptyRoot, hashEntryInto, hashPackedPairInto, isHash } from './merkle-hash';

/**
 * Merkle Tree Hash (RFC 6962 §2.1) over a list of leaves, computed bottom-up over one packed
 * buffer: level 0 holds the leaf hashes back to back, and each level is hashed in place into the
 * front of the same buffer. An unpaired last node is carried up unchanged, which yields exactly
 * the RFC's "split at the largest power of two smaller than n" tree. Position p at level l always
 * holds MTH(leaves[p·2^l, min((p+1)·2^l, n))).
 */

/** What a list of leaves holds: ledger entry hashes (leaf-hashed here) or finished leaf hashes. */
export type LeafKind = 'entry' | 'leafHash';

/** @internal Throws TypeError unless `value` is a non-negative safe integer. */
export function requireCount(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${what} must be a non-negative integer`);
  }
}

/** @internal Throws TypeError unless `leaves` is an array. */
export function requireLeaves(leaves: unknown): asserts leaves is readonly Buffer[] {
  if (!Array.isArray(leaves)) throw new TypeError('leaves must be an array of Buffers');
}

/** @internal Level 0 over the first `size` leaves: their leaf hashes, 32 bytes each. */
export function packLeaves(leaves: readonly Buffer[], size: number, kind: LeafKind): Buffer {
  const level = Buffer.allocUnsafe(size * HASH_BYTES);
  for (let i = 0; i < size; i++) {
    const leaf = leaves[i];
    if (!isHash(leaf)) throw new TypeError(`leaves[${i}] must be a ${HASH_BYTES}-byte Buffer`);
    if (kind === 'entry') hashEntryInto(leaf, level, i * HASH_BYTES);
    else leaf.copy(level, i * HASH_BYTES);
  }
  return level;
}

/** @internal Hashes level `width` into the next level in place; returns the new width. */
export function reduceLevel(level: Buffer, width: number): number {
  const pairs = Math.floor(width / 2);
  for (let j = 0; j < pairs; j++) {
    hashPackedPairInto(level, 2 * j * HASH_BYTES, j * HASH_BYTES);
  }
  if (width % 2 === 1) level.copy(level, pairs * HASH_BYTES, (width - 1) * HASH_BYTES, width * HASH_BYTES);
  return pairs + (width % 2);
}

/** @internal A copy of the hash at `position` of a packed level. */
export function nodeAt(level: Buffer, position: number): Buffer {
  return Buffer.from(level.subarray(position * HASH_BYTES, (position + 1) * HASH_BYTES));
}

function rootOf(leaves: readonly Buffer[], kind: LeafKind): Buffer {
  requireLeaves(leaves);
  let width = leaves.length;
  if (width === 0) return emptyRoot();
  const level = packLeaves(leaves, width, kind);
  while (width > 1) width = reduceLevel(level, width);
  return nodeAt(level, 0);
}

/**
 * MTH over ledger entry hashes (each leaf is leafHash(entryHash)). The empty list gives
 * SHA-256(""). Throws TypeError if `leaves` is not an array of 32-byte Buffers.
 */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  return rootOf(leaves, 'entry');
}

/** MTH over leaf hashes that are already computed (e.g. with leafHashRaw). */
export function merkleRootFromLeafHashes(leafHashes: readonly Buffer[]): Buffer {
  return rootOf(leafHashes, 'leafHash');
}
