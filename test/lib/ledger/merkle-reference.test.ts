import { createHash } from 'node:crypto';
import {
  consistencyProof,
  consistencyProofFromLeafHashes,
  inclusionProof,
  inclusionProofFromLeafHashes,
  leafHash,
  merkleRoot,
  merkleRootFromLeafHashes,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from '../../../lib/ledger/merkle';

/**
 * A straightforward recursive implementation of RFC 6962 §2.1 (MTH, PATH, PROOF/SUBPROOF),
 * written from the RFC text over ranges [lo, hi) of one fixed list of entry hashes, with its own
 * hashing. Subtree hashes are memoised so that every size, index and pair up to 70 stays quick.
 */
class Reference {
  private readonly memo = new Map<string, Buffer>();

  constructor(private readonly entries: readonly Buffer[]) {}

  private static sha(...parts: Buffer[]): Buffer {
    return createHash('sha256').update(Buffer.concat(parts)).digest();
  }

  /** Largest power of two smaller than n (n > 1). */
  private static split(n: number): number {
    let k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  }

  mth(lo: number, hi: number): Buffer {
    const n = hi - lo;
    if (n === 0) return Reference.sha();
    const entry = this.entries[lo];
    if (n === 1 && entry) return Reference.sha(Buffer.from([0x00]), entry);
    const key = `${lo}:${hi}`;
    const known = this.memo.get(key);
    if (known) return known;
    const k = Reference.split(n);
    const h = Reference.sha(Buffer.from([0x01]), this.mth(lo, lo + k), this.mth(lo + k, hi));
    this.memo.set(key, h);
    return h;
  }

  /** PATH(m, D[lo:hi]). */
  path(m: number, lo: number, hi: number): Buffer[] {
    const n = hi - lo;
    if (n === 1) return [];
    const k = Reference.split(n);
    if (m < k) return [...this.path(m, lo, lo + k), this.mth(lo + k, hi)];
    return [...this.path(m - k, lo + k, hi), this.mth(lo, lo + k)];
  }

  /** PROOF(m, D[n]); the RFC leaves m = 0 undefined and we define it as the empty proof. */
  proof(m: number, n: number): Buffer[] {
    return m === 0 ? [] : this.subproof(m, 0, n, true);
  }

  private subproof(m: number, lo: number, hi: number, b: boolean): Buffer[] {
    const n = hi - lo;
    if (m === n) return b ? [] : [this.mth(lo, hi)];
    const k = Reference.split(n);
    if (m <= k) return [...this.subproof(m, lo, lo + k, b), this.mth(lo + k, hi)];
    return [...this.subproof(m - k, lo + k, hi, false), this.mth(lo, lo + k)];
  }
}

const MAX = 70;
const entries = Array.from({ length: MAX }, (_, i) => createHash('sha256').update(`entry ${i}`).digest());
const ref = new Reference(entries);
const hex = (nodes: readonly Buffer[]): string[] => nodes.map((b) => b.toString('hex'));
const sizes = Array.from({ length: MAX + 1 }, (_, n) => n);

describe('merkle trees against the RFC 6962 reference', () => {
  it.each(sizes)('size %i: merkleRoot equals MTH', (n) => {
    const leaves = entries.slice(0, n);
    expect(merkleRoot(leaves).toString('hex')).toBe(ref.mth(0, n).toString('hex'));
    expect(merkleRootFromLeafHashes(leaves.map(leafHash)).equals(ref.mth(0, n))).toBe(true);
  });

  it.each(sizes.filter((n) => n > 0))('size %i: every audit path equals PATH and verifies', (n) => {
    const leaves = entries.slice(0, n);
    const leafHashes = leaves.map(leafHash);
    const rootHash = ref.mth(0, n);
    for (let index = 0; index < n; index++) {
      const expected = hex(ref.path(index, 0, n));
      const proof = inclusionProof(leaves, index);
      expect(hex(proof)).toEqual(expected);
      expect(hex(inclusionProof(entries, index, n))).toEqual(expected);
      expect(hex(inclusionProofFromLeafHashes(leafHashes, index))).toEqual(expected);
      const entryHash = entries[index] as Buffer;
      expect(verifyInclusion({ entryHash, index, treeSize: n, proof, rootHash })).toBe(true);
      expect(rootFromInclusionProof(leafHash(entryHash), index, n, proof)?.equals(rootHash)).toBe(true);
    }
  });

  it.each(sizes)('size %i: every consistency proof from an older size equals PROOF and verifies', (n) => {
    const leafHashes = entries.map(leafHash);
    for (let m = 0; m <= n; m++) {
      const expected = hex(ref.proof(m, n));
      const proof = consistencyProof(entries, m, n);
      expect(hex(proof)).toEqual(expected);
      expect(hex(consistencyProofFromLeafHashes(leafHashes, m, n))).toEqual(expected);
      const check = { oldSize: m, newSize: n, oldRoot: ref.mth(0, m), newRoot: ref.mth(0, n), proof };
      expect(verifyConsistency(check)).toBe(true);
    }
  });
});

describe('a proof verifies only for the checkpoint it was made for', () => {
  const SMALL = 16;
  const same = (a: readonly Buffer[], b: readonly Buffer[]): boolean =>
    a.length === b.length && a.every((x, i) => x.equals(b[i] as Buffer));

  it(`inclusion: every (index, size) against every other checkpoint up to size ${SMALL}`, () => {
    const wrong: number[][] = [];
    for (let n = 1; n <= SMALL; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(entries, i, n);
        for (let n2 = 1; n2 <= SMALL; n2++) {
          for (let i2 = 0; i2 < n2; i2++) {
            const check = { entryHash: entries[i] as Buffer, index: i2, treeSize: n2, proof };
            const ok = verifyInclusion({ ...check, rootHash: ref.mth(0, n2) });
            // Valid exactly when it is the honest proof for (i2, n2): same leaf, same nodes.
            if (ok !== (i === i2 && same(ref.path(i, 0, n2), proof))) wrong.push([i, n, i2, n2]);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it(`consistency: every (old, new) against every other pair of checkpoints up to size ${SMALL}`, () => {
    const wrong: number[][] = [];
    for (let n = 0; n <= SMALL; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(entries, m, n);
        for (let n2 = 0; n2 <= SMALL; n2++) {
          for (let m2 = 0; m2 <= n2; m2++) {
            const roots = { oldRoot: ref.mth(0, m2), newRoot: ref.mth(0, n2) };
            const ok = verifyConsistency({ oldSize: m2, newSize: n2, ...roots, proof });
            if (ok !== same(ref.proof(m2, n2), proof)) wrong.push([m, n, m2, n2]);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
