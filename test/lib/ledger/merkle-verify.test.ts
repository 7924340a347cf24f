import { createHash } from 'node:crypto';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  merkleRoot,
  nodeHash,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from '../../../lib/ledger/merkle';
import type { ConsistencyCheck, InclusionCheck } from '../../../lib/ledger/merkle';

const N = 40;
const entries = Array.from({ length: N }, (_, i) => createHash('sha256').update(`verify ${i}`).digest());
const roots = Array.from({ length: N + 1 }, (_, n) => merkleRoot(entries.slice(0, n)));
const rootOf = (n: number): Buffer => roots[n] as Buffer;
const entry = (i: number): Buffer => entries[i] as Buffer;
const other = createHash('sha256').update('not in the log').digest();

/** Every single-change corruption of a proof: a flipped bit per node, a dropped or an added node. */
function tamperings(proof: readonly Buffer[]): Buffer[][] {
  const out: Buffer[][] = [];
  proof.forEach((_, i) => {
    for (const bit of [0x01, 0x80]) {
      const at = i % 32;
      out.push(proof.map((b, j) => (i === j ? Buffer.from(b).fill(b.readUInt8(at) ^ bit, at, at + 1) : b)));
    }
    out.push([...proof.slice(0, i), ...proof.slice(i + 1)]);
  });
  for (let i = 0; i <= proof.length; i++) {
    for (const extra of [other, proof[i] ?? other])
      out.push([...proof.slice(0, i), extra, ...proof.slice(i)]);
  }
  return out;
}

describe('verifyInclusion rejects', () => {
  it('every tampered, shortened or lengthened audit path, in every tree up to 40 leaves', () => {
    const accepted: string[] = [];
    for (let n = 1; n <= N; n++) {
      for (let index = 0; index < n; index++) {
        const good: InclusionCheck = {
          entryHash: entry(index),
          index,
          treeSize: n,
          proof: inclusionProof(entries, index, n),
          rootHash: rootOf(n),
        };
        expect(verifyInclusion(good)).toBe(true);
        const bad: [string, InclusionCheck][] = [
          ...tamperings(good.proof).map((proof, k): [string, InclusionCheck] => [
            `tamper#${k}`,
            { ...good, proof },
          ]),
          ['index-1', { ...good, index: index - 1 }],
          ['index+1', { ...good, index: index + 1 }],
          ['size-1', { ...good, treeSize: n - 1, rootHash: rootOf(n - 1) }],
          ['size+1', { ...good, treeSize: n + 1, rootHash: roots[n + 1] ?? other }],
          ['other entry', { ...good, entryHash: index + 1 < n ? entry(index + 1) : other }],
          ['other root', { ...good, rootHash: n > 1 ? rootOf(n - 1) : other }],
          ['leaf hash as entry', { ...good, entryHash: leafHash(entry(index)) }],
        ];
        for (const [what, check] of bad) if (verifyInclusion(check)) accepted.push(`${index}/${n} ${what}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('a path that runs past the root, even against a root built over the real one', () => {
    for (const [index, n] of [
      [0, 1],
      [3, 4],
      [5, 7],
      [39, 40],
    ] as const) {
      const good = { entryHash: entry(index), index, treeSize: n, proof: inclusionProof(entries, index, n) };
      const rootHash = nodeHash(other, rootOf(n)); // what one more (left) sibling would hash to
      expect(verifyInclusion({ ...good, rootHash: rootOf(n) })).toBe(true);
      expect(verifyInclusion({ ...good, proof: [...good.proof, other], rootHash })).toBe(false);
    }
  });

  it('an index outside the tree, even with a proof that would fit', () => {
    const proof = inclusionProof(entries, 3, 4);
    const base = { entryHash: entry(3), proof, rootHash: rootOf(4) };
    expect(verifyInclusion({ ...base, index: 3, treeSize: 4 })).toBe(true);
    expect(verifyInclusion({ ...base, index: 4, treeSize: 4 })).toBe(false);
    expect(verifyInclusion({ ...base, index: 0, treeSize: 0, proof: [] })).toBe(false);
  });

  it('malformed input without throwing', () => {
    const proof = inclusionProof(entries, 1, 2);
    const good = { entryHash: entry(1), index: 1, treeSize: 2, proof, rootHash: rootOf(2) };
    const garbage: unknown[] = [
      undefined,
      null,
      42,
      'check',
      {},
      { ...good, entryHash: entry(1).toString('hex') },
      { ...good, entryHash: entry(1).subarray(0, 31) },
      { ...good, entryHash: Buffer.concat([entry(1), Buffer.alloc(1)]) },
      { ...good, rootHash: undefined },
      { ...good, rootHash: rootOf(2).subarray(1) },
      { ...good, proof: undefined },
      { ...good, proof: proof[0] },
      { ...good, proof: proof.map((b) => b.toString('hex')) },
      { ...good, proof: [null] },
      { ...good, proof: [new Uint8Array(32)] },
      ...[-1, 1.5, NaN, Infinity, 2 ** 53, '1', null].map((index) => ({ ...good, index })),
      ...[-2, 2.5, NaN, Infinity, 2 ** 53, '2', null].map((treeSize) => ({ ...good, treeSize })),
    ];
    expect(verifyInclusion(good)).toBe(true);
    for (const input of garbage) expect(verifyInclusion(input as InclusionCheck)).toBe(false);
    expect(rootFromInclusionProof(entry(0), 0, -1, [])).toBeNull();
    expect(rootFromInclusionProof(entry(0).subarray(1), 0, 1, [])).toBeNull();
  });

  it('handles sizes beyond 32 bits (no bitwise truncation)', () => {
    // In a tree of 2^40 + 1 leaves the last leaf's path is the single left subtree root.
    const left = other;
    const rootHash = createHash('sha256')
      .update(Buffer.concat([Buffer.from([1]), left, leafHash(entry(0))]))
      .digest();
    const check = { entryHash: entry(0), index: 2 ** 40, treeSize: 2 ** 40 + 1, proof: [left], rootHash };
    expect(verifyInclusion(check)).toBe(true);
    expect(verifyInclusion({ ...check, index: 2 ** 40 - 1 })).toBe(false);
    expect(verifyInclusion({ ...check, treeSize: 2 ** 40 + 2 })).toBe(false);
  });
});

describe('verifyConsistency rejects', () => {
  it('every tampered, shortened or lengthened proof, and wrong sizes, for every pair up to 40', () => {
    const accepted: string[] = [];
    for (let n = 1; n <= N; n++) {
      for (let m = 1; m < n; m++) {
        const good: ConsistencyCheck = {
          oldSize: m,
          newSize: n,
          oldRoot: rootOf(m),
          newRoot: rootOf(n),
          proof: consistencyProof(entries, m, n),
        };
        expect(verifyConsistency(good)).toBe(true);
        const bad: [string, ConsistencyCheck][] = [
          ...tamperings(good.proof).map((proof, k): [string, ConsistencyCheck] => [
            `tamper#${k}`,
            { ...good, proof },
          ]),
          ['empty proof', { ...good, proof: [] }],
          ['old-1', { ...good, oldSize: m - 1, oldRoot: rootOf(m - 1) }],
          ['old+1', { ...good, oldSize: m + 1, oldRoot: rootOf(m + 1) }],
          ['new-1', { ...good, newSize: n - 1, newRoot: rootOf(n - 1) }],
          ['new+1', { ...good, newSize: n + 1, newRoot: roots[n + 1] ?? other }],
          ['sizes swapped', { ...good, oldSize: n, newSize: m, oldRoot: rootOf(n), newRoot: rootOf(m) }],
          ['roots swapped', { ...good, oldRoot: rootOf(n), newRoot: rootOf(m) }],
          ['other old root', { ...good, oldRoot: other }],
          ['other new root', { ...good, newRoot: other }],
        ];
        for (const [what, check] of bad) if (verifyConsistency(check)) accepted.push(`${m}->${n} ${what}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('a proof that runs past the roots, even against roots built over the real ones', () => {
    for (const [m, n] of [
      [1, 2],
      [3, 4],
      [6, 7],
      [16, 40],
    ] as const) {
      const proof = [...consistencyProof(entries, m, n), other];
      const [oldRoot, newRoot] = [nodeHash(other, rootOf(m)), nodeHash(other, rootOf(n))];
      expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot, proof })).toBe(false);
    }
  });

  it('oldSize > newSize, oldSize 0 with a proof or a root other than SHA-256(""), equal sizes', () => {
    const proof = consistencyProof(entries, 3, 7);
    const check = (
      oldSize: number,
      newSize: number,
      oldRoot: Buffer,
      newRoot: Buffer,
      p: Buffer[],
    ): boolean => verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof: p });
    expect(check(7, 3, rootOf(7), rootOf(3), proof)).toBe(false);
    expect(check(7, 3, rootOf(7), rootOf(3), [])).toBe(false);
    expect(check(0, 7, emptyRoot(), rootOf(7), [])).toBe(true);
    expect(check(0, 7, emptyRoot(), rootOf(7), [rootOf(7)])).toBe(false);
    expect(check(0, 7, rootOf(1), rootOf(7), [])).toBe(false);
    expect(check(7, 7, rootOf(7), rootOf(7), [])).toBe(true);
    expect(check(7, 7, rootOf(7), rootOf(6), [])).toBe(false);
    expect(check(7, 7, rootOf(7), rootOf(7), [rootOf(7)])).toBe(false);
  });

  it('malformed input without throwing', () => {
    const good = { oldSize: 3, newSize: 7, oldRoot: rootOf(3), newRoot: rootOf(7) };
    const proof = consistencyProof(entries, 3, 7);
    const garbage: unknown[] = [
      undefined,
      null,
      'check',
      { ...good },
      { ...good, proof: proof.map((b) => b.toString('hex')) },
      { ...good, proof: [...proof.slice(1), proof[0]?.subarray(0, 16)] },
      { ...good, proof, oldRoot: rootOf(3).toString('hex') },
      { ...good, proof, newRoot: undefined },
      ...[-1, 2.5, NaN, 2 ** 53, '3'].map((oldSize) => ({ ...good, proof, oldSize })),
      ...[-7, 6.5, Infinity, 2 ** 53, '7'].map((newSize) => ({ ...good, proof, newSize })),
    ];
    expect(verifyConsistency({ ...good, proof })).toBe(true);
    for (const input of garbage) expect(verifyConsistency(input as ConsistencyCheck)).toBe(false);
  });
});
