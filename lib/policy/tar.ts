import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { PolicyError } from './errors';

/** Limits that keep a hostile bundle from exhausting memory (Hale's bundle is ~0.5 MB unpacked). */
export interface BundleLimits {
  /** Largest unpacked tar (all files together), bytes. */
  maxBytes: number;
  maxFiles: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = { maxBytes: 64 * 1024 * 1024, maxFiles: 512 };

function invalid(message: string, cause?: unknown): PolicyError {
  return new PolicyError('POLICY_BUNDLE_INVALID', `policy bundle: ${message}`, { cause });
}

/**
 * Bundle file name as OPA's signature lists it: no leading `/` or `./`. Refuses `..`, empty and
 * backslash segments, so every name means one file.
 */
export function bundlePath(name: string): string {
  const clean = name.replace(/^(?:\.?\/)+/, '');
  const segments = clean.split('/');
  if (clean === '' || segments.some((s) => s === '' || s === '.' || s === '..') || clean.includes('\\')) {
    throw invalid(`unsafe file name ${JSON.stringify(name)}`);
  }
  return clean;
}

/** Unpacks a bundle .tar.gz in memory: regular files only, no duplicates, within `limits`. */
export async function readBundleTarGz(
  bytes: Uint8Array,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
): Promise<Map<string, Buffer>> {
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(bytes, { maxOutputLength: limits.maxBytes + 1024 * 1024 });
  } catch (err) {
    throw invalid('not a gzip file, truncated, or larger than the limit', err);
  }
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  const reading = (async (): Promise<void> => {
    let total = 0;
    for await (const entry of extract) {
      const { type, name } = entry.header;
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (type === 'directory') continue;
      if (type !== 'file' && type !== 'contiguous-file') throw invalid(`${name} is a ${type}, not a file`);
      const path = bundlePath(name);
      if (files.has(path)) throw invalid(`duplicate file ${path}`);
      const content = Buffer.concat(chunks);
      total += content.length;
      if (files.size >= limits.maxFiles || total > limits.maxBytes)
        throw invalid('too many or too large files');
      files.set(path, content);
    }
  })();
  extract.end(tarBytes);
  try {
    await reading;
  } catch (err) {
    extract.destroy();
    throw err instanceof PolicyError ? err : invalid('corrupt tar', err);
  }
  return files;
}
