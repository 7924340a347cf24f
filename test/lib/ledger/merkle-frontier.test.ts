import { createHash } from 'node:crypto';
import { MerkleFrontier, leafHashRaw, merkleRoot } from '../../../lib/ledger/merkle';

const entryHash = (i: number): Buffer => createHash('sha256').update(`frontier ${i}`).digest();
const entries = Array.from({ length: 3000 }, (_, i) => entryHash(i));

/** Deterministic pseudo-random sizes (mulberry32), so failures reproduce. */
function randomSizes(count: number, max: number, seed: number): number[] {
  let a = seed;
  return Array.from({ length: count }, () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % (max + 1);
  });
}

const setBits = (n: number): number => n.toString(2).replace(/0/g, '').length;

function frontierOf(leaves: readonly Buffer[]): MerkleFrontier {
  const frontier = new MerkleFrontier();
  for (const leaf of leaves) frontier.append(leaf);
  return frontier;
}

describe('MerkleFrontier', () => {
  it('starts empty with the empty root', () => {
    const frontier = new MerkleFrontier();
    expect(frontier.size).toBe(0);
    expect(frontier.toJSON()).toEqual([]);
    expect(frontier.root().equals(merkleRoot([]))).toBe(true);
  });

  it('equals merkleRoot after every append up to 300 leaves', () => {
    const frontier = new MerkleFrontier();
    const mismatches: number[] = [];
    for (let n = 1; n <= 300; n++) {
      frontier.append(entries[n - 1] as Buffer);
      if (frontier.size !== n || !frontier.root().equals(merkleRoot(entries.slice(0, n)))) mismatches.push(n);
      if (frontier.toJSON().length !== setBits(n)) mismatches.push(-n);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(randomSizes(12, 3000, 6962))('equals merkleRoot for %i leaves', (n) => {
    expect(
      frontierOf(entries.slice(0, n))
        .root()
        .equals(merkleRoot(entries.slice(0, n))),
    ).toBe(true);
  });

  it.each(randomSizes(12, 3000, 9162).map((n, i) => [n, randomSizes(12, 3000 - n, 17)[i] ?? 0]))(
    'extends a stored frontier of %i leaves with %i more to the same root',
    (stored, added) => {
      const saved = frontierOf(entries.slice(0, stored));
      // What a checkpointer would keep: the size and the JSON, e.g. in a jsonb column.
      const json = JSON.parse(JSON.stringify({ size: saved.size, edge: saved })) as {
        size: number;
        edge: string[];
      };
      expect(json.edge.length).toBe(setBits(stored));
      const restored = MerkleFrontier.fromJSON(json.size, json.edge);
      expect(restored.size).toBe(stored);
      expect(restored.root().equals(saved.root())).toBe(true);
      for (const leaf of entries.slice(stored, stored + added)) restored.append(leaf);
      expect(restored.size).toBe(stored + added);
      expect(restored.root().equals(merkleRoot(entries.slice(0, stored + added)))).toBe(true);
    },
  );

  it('round-trips through toJSON/fromJSON at every size up to 130', () => {
    const frontier = new MerkleFrontier();
    const wrong: number[] = [];
    for (let n = 0; n <= 130; n++) {
      const copy = MerkleFrontier.fromJSON(frontier.size, frontier.toJSON());
      copy.append(entries[n] as Buffer);
      frontier.append(entries[n] as Buffer);
      if (!copy.root().equals(frontier.root()) || copy.toJSON().join() !== frontier.toJSON().join())
        wrong.push(n);
    }
    expect(wrong).toEqual([]);
  });

  it('accepts ready leaf hashes and reproduces the RFC 6962 root of the CT test leaves', () => {
    const data = [
      '',
      '00',
      '10',
      '2021',
      '3031',
      '40414243',
      '5051525354555657',
      '606162636465666768696a6b6c6d6e6f',
    ];
    const frontier = new MerkleFrontier();
    for (const d of data) frontier.appendLeafHash(leafHashRaw(Buffer.from(d, 'hex')));
    expect(frontier.root().toString('hex')).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
    expect(frontier.toJSON()).toHaveLength(1);
  });

  it('does not share buffers with its callers', () => {
    const frontier = new MerkleFrontier();
    const leaf = leafHashRaw(Buffer.from('x'));
    frontier.appendLeafHash(leaf);
    const before = frontier.root().toString('hex');
    leaf.fill(0);
    frontier.root().fill(0);
    expect(frontier.root().toString('hex')).toBe(before);
  });

  it('rejects entries and leaf hashes that are not 32-byte Buffers', () => {
    const frontier = new MerkleFrontier();
    expect(() => frontier.append(Buffer.alloc(31))).toThrow(TypeError);
    expect(() => frontier.append('ab'.repeat(32) as unknown as Buffer)).toThrow(TypeError);
    expect(() => frontier.appendLeafHash(Buffer.alloc(33))).toThrow(TypeError);
    expect(frontier.size).toBe(0);
  });

  it('fromJSON rejects sizes, hashes and counts that do not fit', () => {
    const hex = frontierOf(entries.slice(0, 6)).toJSON(); // 6 = 0b110: two subtrees
    expect(MerkleFrontier.fromJSON(6, hex).size).toBe(6);
    expect(
      MerkleFrontier.fromJSON(
        6,
        hex.map((x) => x.toUpperCase()),
      ).toJSON(),
    ).toEqual(hex);
    expect(() => MerkleFrontier.fromJSON(7, hex)).toThrow(RangeError);
    expect(() => MerkleFrontier.fromJSON(4, hex)).toThrow(RangeError);
    expect(() => MerkleFrontier.fromJSON(0, hex)).toThrow(RangeError);
    for (const size of [-1, 1.5, NaN, 2 ** 53, '6']) {
      expect(() => MerkleFrontier.fromJSON(size as number, hex)).toThrow(TypeError);
    }
    for (const bad of [`${hex[0]}00`, (hex[0] as string).slice(2), `zz${(hex[0] as string).slice(2)}`, 42]) {
      expect(() => MerkleFrontier.fromJSON(6, [bad as string, hex[1] as string])).toThrow(TypeError);
    }
    expect(() => MerkleFrontier.fromJSON(6, 'ab' as unknown as string[])).toThrow(TypeError);
  });

  it('handles sizes beyond 32 bits when restored', () => {
    const size = 2 ** 40 + 2 ** 33 + 1;
    const edge = [entryHash(1), entryHash(2), entryHash(3)].map((b) => b.toString('hex'));
    const frontier = MerkleFrontier.fromJSON(size, edge);
    frontier.append(entryHash(4)); // merges with the single-leaf subtree: 2^40 + 2^33 + 2
    expect(frontier.size).toBe(size + 1);
    expect(frontier.toJSON()).toHaveLength(3);
    expect(frontier.toJSON().slice(0, 2)).toEqual(edge.slice(0, 2));
  });
});
