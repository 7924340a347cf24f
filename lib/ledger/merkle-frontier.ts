import {
  emptyRoot,
  hashFromHex,
  hashToHex,
  isHash,
  leafHash,
  leafHashFromHex,
  nodeHash,
} from './merkle-hash';

/** Number of perfect subtrees on the right edge of a tree of `size` leaves (set bits). */
function popCount(size: number): number {
  let count = 0;
  for (let s = size; s > 0; s = Math.floor(s / 2)) count += s % 2;
  return count;
}

/**
 * The right edge of a Merkle tree (a "compact range" over [0, size)): the roots of the perfect
 * subtrees that make up the first `size` leaves, largest (leftmost) first, one per set bit of
 * `size`. Enough to append leaves and compute MTH without the earlier leaves, so a checkpointer
 * can extend the previous checkpoint's tree with only the new entries. Append is amortised one
 * node hash; root() costs one hash per set bit of size.
 *
 * State is `size` plus toJSON()'s hex list; store both and rebuild with fromJSON.
 */
export class MerkleFrontier {
  private readonly nodes: Buffer[];
  private count: number;

  constructor() {
    this.nodes = [];
    this.count = 0;
  }

  /** Number of leaves appended so far (including those before fromJSON). */
  get size(): number {
    return this.count;
  }

  /** Appends a ledger entry hash (32 bytes; leafHash is applied here). Throws TypeError otherwise. */
  append(entryHash: Buffer): void {
    this.push(leafHash(entryHash));
  }

  /** append() for an entry hash given as 64 hex digits (TypeError otherwise). */
  appendHex(entryHashHex: string): void {
    this.push(leafHashFromHex(entryHashHex));
  }

  /** Appends a leaf hash that is already computed (e.g. leafHashRaw of raw leaf data). */
  appendLeafHash(hash: Buffer): void {
    if (!isHash(hash)) throw new TypeError('leaf hash must be a 32-byte Buffer');
    this.push(Buffer.from(hash));
  }

  private push(leaf: Buffer): void {
    let node = leaf;
    // Each trailing 1 bit of the old size is a perfect subtree that the new leaf completes.
    for (let s = this.count; s % 2 === 1; s = (s - 1) / 2) {
      const left = this.nodes.pop();
      if (left === undefined) throw new Error('MerkleFrontier invariant broken: missing subtree');
      node = nodeHash(left, node);
    }
    this.nodes.push(node);
    this.count += 1;
  }

  /** MTH of the leaves so far: the subtree roots folded from the right. SHA-256("") if empty. */
  root(): Buffer {
    let i = this.nodes.length - 1;
    const last = this.nodes[i];
    if (last === undefined) return emptyRoot();
    let root: Buffer = Buffer.from(last);
    for (i -= 1; i >= 0; i--) {
      const left = this.nodes[i];
      if (left === undefined) break;
      root = nodeHash(left, root);
    }
    return root;
  }

  /** Hex of the right-edge perfect-subtree roots, leftmost first. */
  toJSON(): string[] {
    return this.nodes.map(hashToHex);
  }

  /**
   * Rebuilds a frontier from its size and toJSON() output. Throws TypeError for a size that is
   * not a non-negative safe integer or a hex that is not 64 hex digits, and RangeError when the
   * number of hashes is not the number of set bits of `size`.
   */
  static fromJSON(size: number, hexes: readonly string[]): MerkleFrontier {
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      throw new TypeError('size must be a non-negative integer');
    }
    if (!Array.isArray(hexes)) throw new TypeError('hexes must be an array of strings');
    const expected = popCount(size);
    if (hexes.length !== expected) {
      throw new RangeError(`a tree of ${size} leaves has ${expected} edge subtrees, got ${hexes.length}`);
    }
    const frontier = new MerkleFrontier();
    for (const hex of hexes) frontier.nodes.push(hashFromHex(hex));
    frontier.count = size;
    return frontier;
  }
}
