import { emptyRoot, isHash, leafHash, nodeHash } from './merkle-hash';

/**
 * Standalone proof verification (RFC 9162 §2.1.3.2 and §2.1.4.2): needs only hashes and sizes,
 * never the leaves. These functions take untrusted input and never throw: anything malformed
 * (sizes that are not non-negative safe integers, hashes that are not 32-byte Buffers, a proof
 * that is not an array of them) makes them return false / null.
 *
 * A proof binds the sizes only through the root it is checked against, so `treeSize` / the
 * sizes must come from the same signed checkpoint as the root(s).
 */

export interface InclusionCheck {
  /** The ledger entry hash; leafHash is applied here. */
  readonly entryHash: Buffer;
  /** 0-based position of the entry in the log. */
  readonly index: number;
  readonly treeSize: number;
  readonly proof: readonly Buffer[];
  readonly rootHash: Buffer;
}

export interface ConsistencyCheck {
  readonly oldSize: number;
  readonly newSize: number;
  readonly oldRoot: Buffer;
  readonly newRoot: Buffer;
  readonly proof: readonly Buffer[];
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isProof(value: unknown): value is readonly Buffer[] {
  return Array.isArray(value) && value.every(isHash);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/** For positive safe integers (bitwise operators would truncate to 32 bits). */
function isPowerOfTwo(n: number): boolean {
  let m = n;
  while (m % 2 === 0) m /= 2;
  return m === 1;
}

/**
 * The root that an audit path yields for the leaf hash `leaf` at `index` in a tree of
 * `treeSize` leaves (RFC 9162 §2.1.3.2), or null if the path cannot be one for that position
 * (wrong length, index ≥ treeSize, malformed input). Compare the result with a trusted root.
 */
export function rootFromInclusionProof(
  leaf: Buffer,
  index: number,
  treeSize: number,
  proof: readonly Buffer[],
): Buffer | null {
  if (!isHash(leaf) || !isSize(index) || !isSize(treeSize) || !isProof(proof)) return null;
  if (index >= treeSize) return null;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null; // more nodes than the path has levels
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // Skip the levels where this node is the last of an odd-width level (no sibling).
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null; // sn > 0: nodes are missing
}

/** True iff `proof` shows that `entryHash` is the entry at `index` of the tree with `rootHash`. */
export function verifyInclusion(check: InclusionCheck): boolean {
  if (!isObject(check) || !isHash(check.entryHash) || !isHash(check.rootHash)) return false;
  const root = rootFromInclusionProof(leafHash(check.entryHash), check.index, check.treeSize, check.proof);
  return root !== null && root.equals(check.rootHash);
}

/**
 * True iff `proof` shows that the tree of `oldSize` leaves with `oldRoot` is a prefix of the
 * tree of `newSize` leaves with `newRoot`. Equal sizes need an empty proof and equal roots;
 * oldSize 0 needs an empty proof and oldRoot = SHA-256("") (any newRoot extends it). Stricter
 * than RFC 9162 / Trillian, which accept any oldRoot for size 0.
 */
export function verifyConsistency(check: ConsistencyCheck): boolean {
  if (!isObject(check)) return false;
  const { oldSize, newSize, oldRoot, newRoot, proof } = check;
  if (!isSize(oldSize) || !isSize(newSize) || !isHash(oldRoot) || !isHash(newRoot) || !isProof(proof)) {
    return false;
  }
  if (oldSize > newSize) return false;
  // The tree of 0 leaves has exactly one root, so a checkpoint claiming another one is wrong.
  if (oldSize === 0 && !oldRoot.equals(emptyRoot())) return false;
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  if (oldSize === 0) return proof.length === 0; // every tree extends the empty one
  if (proof.length === 0) return false;

  // RFC 9162 §2.1.4.2. When oldSize is a power of two the old root is the first node.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const [first, ...rest] = path;
  if (first === undefined) return false;
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0) return false; // more nodes than the trees have levels
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}
