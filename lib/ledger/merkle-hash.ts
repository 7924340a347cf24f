import { createHash, hash as oneShotHash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 hashing for the ledger's Merkle tree (SHA-256, domain-separated leaves
 * and interior nodes). Everything here is synchronous and pure.
 */

/** Size in bytes of every hash in the tree (SHA-256). */
export const HASH_BYTES = 32;

const HEX_HASH = /^[0-9a-fA-F]{64}$/;
const LEAF_PREFIX = Buffer.from([0x00]);

/**
 * One-shot SHA-256 as a latin1 string (one char per byte, lossless). `crypto.hash` (Node ≥ 20.12)
 * avoids a Hash object per call, and a string result avoids allocating a Buffer per hash, which
 * together make tree building about twice as fast as `createHash(...).digest()`.
 */
const sha256Latin1: (data: Uint8Array) => string =
  typeof oneShotHash === 'function'
    ? (data) => oneShotHash('sha256', data, 'binary')
    : (data) => createHash('sha256').update(data).digest('binary');

function sha256(data: Uint8Array): Buffer {
  return Buffer.from(sha256Latin1(data), 'latin1');
}

// Reused input buffers: the hashes are computed synchronously, so sharing them is safe.
const leafInput = Buffer.alloc(1 + HASH_BYTES); // 0x00 || entry hash
const nodeInput = Buffer.alloc(1 + 2 * HASH_BYTES); // 0x01 || left || right
nodeInput[0] = 0x01;

/** True for a Buffer holding exactly one SHA-256 hash. Never throws. */
export function isHash(value: unknown): value is Buffer {
  return Buffer.isBuffer(value) && value.length === HASH_BYTES;
}

function requireHash(value: unknown, what: string): asserts value is Buffer {
  if (!isHash(value)) throw new TypeError(`${what} must be a ${HASH_BYTES}-byte Buffer`);
}

/** MTH({}) = SHA-256 of the empty string: the root of the empty tree. */
export function emptyRoot(): Buffer {
  return sha256(Buffer.alloc(0));
}

/** Leaf hash of arbitrary leaf data: SHA-256(0x00 || data) (RFC 6962 §2.1). */
export function leafHashRaw(data: Uint8Array): Buffer {
  if (!(data instanceof Uint8Array)) throw new TypeError('leaf data must be a Buffer or Uint8Array');
  return sha256(Buffer.concat([LEAF_PREFIX, data]));
}

/**
 * Leaf hash of a ledger entry: SHA-256(0x00 || entryHash). The entry hash must be 32 bytes;
 * anything else is a programming error (TypeError).
 */
export function leafHash(entryHash: Buffer): Buffer {
  requireHash(entryHash, 'entryHash');
  entryHash.copy(leafInput, 1);
  return sha256(leafInput);
}

/**
 * leafHash of an entry hash given as 64 hex digits, without an intermediate Buffer (the verifier's
 * hot path). Throws TypeError for anything but 64 hex digits.
 */
export function leafHashFromHex(entryHashHex: string): Buffer {
  // Buffer#write stops at the first non-hex pair, so 32 bytes written from 64 chars means all valid.
  if (
    typeof entryHashHex !== 'string' ||
    entryHashHex.length !== 2 * HASH_BYTES ||
    leafInput.write(entryHashHex, 1, HASH_BYTES, 'hex') !== HASH_BYTES
  ) {
    throw new TypeError('expected a hash as 64 hex digits');
  }
  return sha256(leafInput);
}

/** Interior node hash: SHA-256(0x01 || left || right). Both children must be 32 bytes. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  requireHash(left, 'left');
  requireHash(right, 'right');
  left.copy(nodeInput, 1);
  right.copy(nodeInput, 1 + HASH_BYTES);
  return sha256(nodeInput);
}

/**
 * @internal Writes the node hash of the two adjacent hashes at `from` in a packed level buffer
 * to `to` in the same buffer. No argument checks: the callers in this folder own the buffer.
 */
export function hashPackedPairInto(level: Buffer, from: number, to: number): void {
  level.copy(nodeInput, 1, from, from + 2 * HASH_BYTES);
  level.write(sha256Latin1(nodeInput), to, HASH_BYTES, 'latin1');
}

/** @internal Writes the leaf hash of an already checked entry hash to `to` in `level`. */
export function hashEntryInto(entryHash: Buffer, level: Buffer, to: number): void {
  entryHash.copy(leafInput, 1);
  level.write(sha256Latin1(leafInput), to, HASH_BYTES, 'latin1');
}

/** Lower-case hex of a 32-byte hash. */
export function hashToHex(hash: Buffer): string {
  requireHash(hash, 'hash');
  return hash.toString('hex');
}

/**
 * Parses exactly 64 hex digits (either case) into a 32-byte hash. Throws TypeError otherwise
 * (`Buffer.from(x, 'hex')` would silently stop at the first bad digit).
 */
export function hashFromHex(hex: string): Buffer {
  if (typeof hex !== 'string' || !HEX_HASH.test(hex)) {
    throw new TypeError('expected a hash as 64 hex digits');
  }
  return Buffer.from(hex, 'hex');
}
