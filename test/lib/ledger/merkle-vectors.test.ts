import {
  consistencyProofFromLeafHashes,
  emptyRoot,
  inclusionProofFromLeafHashes,
  leafHashRaw,
  merkleRootFromLeafHashes,
  rootFromInclusionProof,
  verifyConsistency,
} from '../../../lib/ledger/merkle';

/**
 * RFC 6962 test vectors as used by Certificate Transparency / Trillian
 * (github.com/transparency-dev/merkle, proof/verify_test.go): leaves are raw data hashed with
 * SHA-256(0x00 || data). Trillian numbers inclusion leaves from 1; indexes here are 0-based.
 */
const h = (hex: string): Buffer => Buffer.from(hex, 'hex');
const hex = (nodes: readonly Buffer[]): string[] => nodes.map((b) => b.toString('hex'));

const DATA = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const LEAVES = DATA.map((d) => leafHashRaw(h(d)));
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SOME_HASH = h('abacaba000000000000000000000000000000000000000000060061e00123456');

/** ROOTS[n] is the root of the tree over the first n leaves. */
const ROOTS = [
  EMPTY,
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const root = (n: number): Buffer => h(ROOTS[n] as string);

const INCLUSION: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const CONSISTENCY: { oldSize: number; newSize: number; proof: string[] }[] = [
  { oldSize: 1, newSize: 1, proof: [] },
  {
    oldSize: 1,
    newSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    oldSize: 6,
    newSize: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

/** Trillian's corruptions of a proof: bit flips, a missing, an inserted and extra nodes. */
function corruptions(proof: readonly Buffer[], extras: readonly Buffer[]): Buffer[][] {
  const out: Buffer[][] = proof.map((_, i) =>
    proof.map((b, j) => (i === j ? Buffer.from(b).fill(b.readUInt8(0) ^ 8, 0, 1) : b)),
  );
  if (proof.length > 0) out.push(proof.slice(0, -1), [...proof.slice(1)]);
  if (proof.length > 1) out.push([proof[0] as Buffer, SOME_HASH, ...proof.slice(1)]);
  for (const x of [Buffer.alloc(0), ...extras]) out.push([...proof, x], [x, ...proof]);
  return out;
}

describe('RFC 6962 test vectors (Certificate Transparency)', () => {
  it('hashes the empty tree and a single leaf as published', () => {
    expect(emptyRoot().toString('hex')).toBe(EMPTY);
    expect(leafHashRaw(Buffer.alloc(0)).toString('hex')).toBe(ROOTS[1]);
  });

  it.each(ROOTS.map((r, n) => [n, r]))('root of the first %i leaves is %s', (n, expected) => {
    expect(merkleRootFromLeafHashes(LEAVES.slice(0, Number(n))).toString('hex')).toBe(expected);
  });

  it.each(INCLUSION)('audit path for index $index in size $size', ({ index, size, proof }) => {
    const leaves = LEAVES.slice(0, size);
    expect(hex(inclusionProofFromLeafHashes(leaves, index))).toEqual(proof);
    const leaf = LEAVES[index] as Buffer;
    const nodes = proof.map(h);
    const verifies = (i: number, n: number, l: Buffer, p: Buffer[], r: Buffer): boolean =>
      rootFromInclusionProof(l, i, n, p)?.equals(r) === true;
    expect(verifies(index, size, leaf, nodes, root(size))).toBe(true);

    const rejected = [
      verifies(index - 1, size, leaf, nodes, root(size)),
      verifies(index + 1, size, leaf, nodes, root(size)),
      verifies(index ^ 2, size, leaf, nodes, root(size)),
      verifies(index, size * 2, leaf, nodes, root(size)),
      verifies(index, Math.floor(size / 2), leaf, nodes, root(size)),
      verifies(index, size, leafHashRaw(Buffer.from('WrongLeaf')), nodes, root(size)),
      verifies(index, size, leaf, nodes, h(EMPTY)),
      verifies(index, size, leaf, nodes, SOME_HASH),
      ...corruptions(nodes, [root(size)]).map((p) => verifies(index, size, leaf, p, root(size))),
    ];
    expect(rejected.filter(Boolean)).toEqual([]);
  });

  it.each(CONSISTENCY)('consistency proof from $oldSize to $newSize', ({ oldSize, newSize, proof }) => {
    expect(hex(consistencyProofFromLeafHashes(LEAVES, oldSize, newSize))).toEqual(proof);
    const nodes = proof.map(h);
    const [r1, r2] = [root(oldSize), root(newSize)];
    const verifies = (m: number, n: number, o: Buffer, r: Buffer, p: Buffer[]): boolean =>
      verifyConsistency({ oldSize: m, newSize: n, oldRoot: o, newRoot: r, proof: p });
    expect(verifies(oldSize, newSize, r1, r2, nodes)).toBe(true);
    if (nodes.length === 0) return; // like Trillian, corrupt only non-trivial proofs

    const rejected = [
      verifies(oldSize - 1, newSize, r1, r2, nodes),
      verifies(oldSize + 1, newSize, r1, r2, nodes),
      verifies(oldSize ^ 2, newSize, r1, r2, nodes),
      verifies(oldSize, newSize * 2, r1, r2, nodes),
      verifies(oldSize, Math.floor(newSize / 2), r1, r2, nodes),
      verifies(oldSize, newSize, SOME_HASH, r2, nodes),
      verifies(oldSize, newSize, r1, SOME_HASH, nodes),
      verifies(oldSize, newSize, r2, r1, nodes),
      verifies(oldSize, newSize, r1, r2, []),
      verifies(oldSize, newSize, r1, r2, [nodes[0] as Buffer, ...nodes]),
      ...corruptions(nodes, [r1, r2]).map((p) => verifies(oldSize, newSize, r1, r2, p)),
    ];
    expect(rejected.filter(Boolean)).toEqual([]);
  });

  // Trillian's TestVerifyConsistency table. Its "don't care" roots are not 32 bytes, which we
  // reject outright, so they are 32-byte stand-ins here; size 0 must also have the empty root.
  const [R1, R2, E] = [h('11'.repeat(32)), h('22'.repeat(32)), h(EMPTY)];
  it.each([
    [0, 0, R1, R2, [], false],
    [1, 1, R1, R2, [], false],
    [0, 0, E, E, [], true],
    [0, 0, R1, R1, [], false], // Trillian accepts any root for size 0; we want SHA-256("")
    [0, 1, E, R2, [], true],
    [0, 1, R1, R2, [], false], // same
    [1, 1, R2, R2, [], true],
    [1, 0, R1, R2, [], false],
    [2, 1, R1, R2, [], false],
    [1, 2, R1, R2, [], false],
    [0, 0, E, R2, [], false],
    [1, 1, E, R2, [], false],
    [0, 0, E, E, [E], false],
    [0, 1, E, E, [E], false],
    [1, 1, E, E, [E], false],
  ] as const)('sizes %i → %i with fixed roots and proof: %#', (m, n, o, r, p, ok) => {
    expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot: o, newRoot: r, proof: p })).toBe(ok);
  });
});
