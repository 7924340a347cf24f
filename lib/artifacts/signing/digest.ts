import crypto from 'node:crypto';
import { readFileChunks } from './file-chunks';

export interface FileDigest {
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: string;
  size: number;
}

/** SHA-256 and size of a file, in one streaming pass. */
export async function digestFile(path: string): Promise<FileDigest> {
  const hash = crypto.createHash('sha256');
  const size = await readFileChunks(path, (chunk) => hash.update(chunk));
  return { sha256: hash.digest('hex'), size };
}
