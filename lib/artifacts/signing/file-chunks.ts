import fs from 'node:fs/promises';
import { ArtifactError } from '../errors';

/** Read size: large chunks keep the per-call overhead of hashing negligible next to SHA-256 itself. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Reads `path` once, front to back, handing each chunk to `onChunk` (which must consume it before
 * returning: the buffer is reused). Returns the byte count. Unreadable input: ARTIFACT_INPUT_INVALID.
 */
export async function readFileChunks(path: string, onChunk: (chunk: Buffer) => void): Promise<number> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (err) {
    throw new ArtifactError('ARTIFACT_INPUT_INVALID', `cannot open ${path}`, { cause: err });
  }
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let size = 0;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return size;
      size += bytesRead;
      onChunk(buffer.subarray(0, bytesRead));
    }
  } catch (err) {
    if (err instanceof ArtifactError) throw err;
    throw new ArtifactError('ARTIFACT_INPUT_INVALID', `cannot read ${path}`, { cause: err });
  } finally {
    await handle.close();
  }
}
