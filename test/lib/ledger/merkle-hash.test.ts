import { createHash } from 'node:crypto';
import {
  HASH_BYTES,
  consistencyProof,
  emptyRoot,
  hashFromHex,
  hashToHex,
  inclusionProof,
  isHash,
  leafHash,
  leafHashRaw,
  leafHashFromHex,
  merkleRoot,
  merkleRootFromLeafHashes,
  nodeHash,
} from '../../../lib/ledger/merkle';

const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const a = sha(Buffer.from('a'));
const b = sha(Buffer.from('b'));

describe('merkle hashing primitives', () => {
  it('domain-separates leaves (0x00) and interior nodes (0x01)', () => {
    expect(HASH_BYTES).toBe(32);
    expect(leafHash(a).equals(sha(Buffer.from([0]), a))).toBe(true);
    expect(leafHashRaw(a).equals(leafHash(a))).toBe(true);
    expect(leafHashRaw(new Uint8Array([1, 2, 3])).equals(sha(Buffer.from([0, 1, 2, 3])))).toBe(true);
    expect(nodeHash(a, b).equals(sha(Buffer.from([1]), a, b))).toBe(true);
    expect(nodeHash(b, a).equals(nodeHash(a, b))).toBe(false);
    expect(emptyRoot().equals(sha())).toBe(true);
  });

  it('hashes an entry hash given as hex the same as from bytes, and refuses anything but 64 hex digits', () => {
    expect(leafHashFromHex(a.toString('hex')).equals(leafHash(a))).toBe(true);
    expect(leafHashFromHex(a.toString('hex').toUpperCase()).equals(leafHash(a))).toBe(true);
    const hex = a.toString('hex');
    for (const bad of [hex.slice(0, 62) + 'zz', 'zz' + hex.slice(2), hex.slice(1), hex + '00', '']) {
      expect(() => leafHashFromHex(bad)).toThrow(TypeError);
    }
    expect(() => leafHashFromHex(42 as unknown as string)).toThrow(TypeError);
  });

  it('returns fresh buffers that callers may keep and modify', () => {
    const first = leafHash(a);
    const second = leafHash(b);
    const node = nodeHash(a, b);
    expect(first.equals(second)).toBe(false);
    first.fill(0);
    expect(leafHash(a).equals(sha(Buffer.from([0]), a))).toBe(true);
    expect(nodeHash(a, b).equals(node)).toBe(true);
  });

  it('rejects inputs that are not 32-byte Buffers with a TypeError', () => {
    expect(() => leafHash(Buffer.alloc(31))).toThrow(TypeError);
    expect(() => leafHash(a.toString('hex') as unknown as Buffer)).toThrow(TypeError);
    expect(() => nodeHash(a, Buffer.alloc(33))).toThrow(TypeError);
    expect(() => nodeHash(undefined as unknown as Buffer, b)).toThrow(TypeError);
    expect(() => leafHashRaw('abc' as unknown as Buffer)).toThrow(TypeError);
  });

  it('isHash never throws', () => {
    expect(isHash(a)).toBe(true);
    for (const x of [undefined, null, 'x', 32, a.subarray(1), new Uint8Array(32), {}])
      expect(isHash(x)).toBe(false);
  });

  it('converts hashes to and from hex strictly', () => {
    const text = hashToHex(a);
    expect(text).toBe(a.toString('hex'));
    expect(hashFromHex(text).equals(a)).toBe(true);
    expect(hashFromHex(text.toUpperCase()).equals(a)).toBe(true);
    for (const bad of [text.slice(1), `${text}0`, `${text.slice(0, 62)}zz`, ` ${text.slice(1)}`, '', 7]) {
      expect(() => hashFromHex(bad as string)).toThrow(TypeError);
    }
    expect(() => hashToHex(Buffer.alloc(16))).toThrow(TypeError);
  });
});

describe('tree functions reject programming errors', () => {
  const leaves = Array.from({ length: 5 }, (_, i) => sha(Buffer.from([i])));

  it('merkleRoot wants an array of 32-byte Buffers', () => {
    expect(() => merkleRoot([...leaves, Buffer.alloc(8)])).toThrow(TypeError);
    expect(() => merkleRoot('leaves' as unknown as Buffer[])).toThrow(TypeError);
    expect(() => merkleRootFromLeafHashes([a, 'b' as unknown as Buffer])).toThrow(TypeError);
    expect(merkleRoot(leaves.slice(0, 1)).equals(leafHash(leaves[0] as Buffer))).toBe(true);
    expect(merkleRootFromLeafHashes([a]).equals(a)).toBe(true);
  });

  it('inclusionProof: TypeError for non-integer arguments, RangeError outside the tree', () => {
    for (const index of [-1, 1.5, NaN, '1']) {
      expect(() => inclusionProof(leaves, index as number)).toThrow(TypeError);
    }
    expect(() => inclusionProof(leaves, 0, -1)).toThrow(TypeError);
    expect(() => inclusionProof(leaves, 5)).toThrow(RangeError);
    expect(() => inclusionProof(leaves, 2, 2)).toThrow(RangeError);
    expect(() => inclusionProof(leaves, 0, 6)).toThrow(RangeError);
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
    expect(() => inclusionProof(null as unknown as Buffer[], 0)).toThrow(TypeError);
    expect(inclusionProof(leaves, 0, 1)).toEqual([]);
  });

  it('consistencyProof: TypeError for non-integer sizes, RangeError for impossible ones', () => {
    expect(() => consistencyProof(leaves, -1, 3)).toThrow(TypeError);
    expect(() => consistencyProof(leaves, 1, 2.5)).toThrow(TypeError);
    expect(() => consistencyProof(leaves, 4, 3)).toThrow(RangeError);
    expect(() => consistencyProof(leaves, 1, 6)).toThrow(RangeError);
    expect(() => consistencyProof([...leaves.slice(0, 3), Buffer.alloc(1)], 1, 4)).toThrow(TypeError);
    expect(consistencyProof(leaves, 0, 5)).toEqual([]);
    expect(consistencyProof(leaves, 5, 5)).toEqual([]);
    expect(consistencyProof(leaves, 0, 0)).toEqual([]);
  });
});
