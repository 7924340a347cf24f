import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ArtifactError } from '../errors';
import type { StorePaths } from './layout';
import { resolveInside } from './refs';

const CHUNK = 1024 * 1024;

export interface BlobInfo {
  sha256: string;
  sha512: string;
  size: number;
}

/**
 * Copies `source` into the store as a content-addressed blob, hashing while copying (one read).
 * The blob appears atomically (temp file + fsync + rename); an existing blob is kept as is.
 */
export async function putBlob(
  paths: StorePaths,
  source: string,
  onChunk?: (chunk: Buffer) => void,
): Promise<BlobInfo> {
  fs.mkdirSync(paths.tmp, { recursive: true });
  const tmp = path.join(paths.tmp, `${process.pid}-${randomBytes(6).toString('hex')}.part`);
  const sha256 = createHash('sha256');
  const sha512 = createHash('sha512');
  let size = 0;
  const input = fs.openSync(source, 'r');
  const output = fs.openSync(tmp, 'wx', 0o644);
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = fs.readSync(input, buf, 0, CHUNK, null);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      sha256.update(chunk);
      sha512.update(chunk);
      onChunk?.(chunk);
      fs.writeSync(output, chunk);
      size += n;
      // Let the event loop breathe between chunks on big files.
      if (size % (64 * CHUNK) === 0) await new Promise<void>((r) => setImmediate(r));
    }
    fs.fsyncSync(output);
  } catch (err) {
    fs.closeSync(output);
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    fs.closeSync(input);
  }
  fs.closeSync(output);
  const info = { sha256: sha256.digest('hex'), sha512: sha512.digest('hex'), size };
  const target = paths.blob(info.sha256);
  if (fs.existsSync(target)) {
    fs.rmSync(tmp, { force: true });
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(tmp, target);
  }
  return info;
}

/**
 * Reads a blob (chunks also go to `onChunk`, e.g. a signature verifier) and proves it is exactly the expected bytes: at most `expected.size + 1` bytes are
 * read (an endless or grown file is caught without reading it all), then the SHA-256 must match.
 * ARTIFACT_BLOB_CORRUPT names what differs; ARTIFACT_NOT_FOUND when the blob is missing.
 */
export async function checkBlob(
  paths: StorePaths,
  expected: { sha256: string; size: number },
  onChunk?: (chunk: Buffer) => void,
): Promise<string> {
  // Inside the store after resolving links (ARTIFACT_NOT_FOUND when missing).
  const file = resolveInside(
    paths.root,
    path.relative(paths.root, paths.blob(expected.sha256)),
    `sha256:${expected.sha256}`,
  );
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ArtifactError(
        'ARTIFACT_NOT_FOUND',
        `blob sha256:${expected.sha256} is missing from the store`,
        {
          details: { sha256: expected.sha256 },
        },
      );
    throw err;
  }
  const hash = createHash('sha256');
  let size = 0;
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const want = Math.min(CHUNK, expected.size + 1 - size);
      if (want <= 0) break;
      const n = fs.readSync(fd, buf, 0, want, null);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      hash.update(chunk);
      onChunk?.(chunk);
      size += n;
      if (size % (64 * CHUNK) === 0) await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    fs.closeSync(fd);
  }
  if (size !== expected.size) {
    throw new ArtifactError(
      'ARTIFACT_BLOB_CORRUPT',
      size > expected.size
        ? `blob sha256:${expected.sha256} is longer than the ${expected.size} bytes the index records`
        : `blob sha256:${expected.sha256} has ${size} bytes, the index records ${expected.size} (truncated)`,
      { details: { sha256: expected.sha256, expected_size: expected.size, size_read: size } },
    );
  }
  const actual = hash.digest('hex');
  if (actual !== expected.sha256) {
    throw new ArtifactError(
      'ARTIFACT_BLOB_CORRUPT',
      `blob sha256:${expected.sha256} hashes to sha256:${actual}`,
      {
        details: { sha256: expected.sha256, actual },
      },
    );
  }
  return file;
}
