import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { asMalformed, checkEntryName, malformed } from './malformed';

export interface TarEntry {
  name: string;
  size: number;
  sha256: string;
  content?: Buffer;
}

const MAX_KEPT_BYTES = 16 * 1024 * 1024;

/** `./control` and `control` are the same member; tar paths are compared without the `./`. */
function normalName(name: string): string {
  return name.replace(/^(\.\/)+/, '');
}

async function collect(
  file: string,
  extract: tar.Extract,
  keep: (name: string) => boolean,
): Promise<Map<string, TarEntry>> {
  const entries = new Map<string, TarEntry>();
  for await (const entry of extract) {
    const name = normalName(entry.header.name);
    const isFile = entry.header.type === 'file' || entry.header.type === 'contiguous-file';
    if (isFile) {
      checkEntryName(file, name);
      if (entries.has(name)) throw malformed(file, `duplicate entry ${name}`);
    }
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    const kept = isFile && keep(name);
    let size = 0;
    for await (const chunk of entry) {
      const buf = chunk as Buffer;
      hash.update(buf);
      size += buf.length;
      if (kept && size <= MAX_KEPT_BYTES) chunks.push(buf);
    }
    if (!isFile) continue;
    if (kept && size > MAX_KEPT_BYTES) throw malformed(file, `entry ${name} too large`);
    entries.set(name, {
      name,
      size,
      sha256: hash.digest('hex'),
      ...(kept ? { content: Buffer.concat(chunks) } : {}),
    });
  }
  return entries;
}

async function readTarStream(
  file: string,
  source: Readable,
  gzip: boolean,
  keep: (name: string) => boolean,
): Promise<Map<string, TarEntry>> {
  const extract = tar.extract();
  const stages: NodeJS.ReadWriteStream[] = gzip ? [zlib.createGunzip()] : [];
  const feeding = pipeline([source, ...stages, extract]);
  try {
    const [entries] = await Promise.all([collect(file, extract, keep), feeding]);
    return entries;
  } catch (err) {
    extract.destroy();
    throw asMalformed(file, gzip ? 'corrupt or truncated .tar.gz' : 'corrupt or truncated tar', err);
  } finally {
    feeding.catch(() => undefined);
  }
}

/** Streams a .tar.gz file from disk, hashing every regular file and keeping the selected ones. */
export function readTarGzFile(file: string, keep: (name: string) => boolean): Promise<Map<string, TarEntry>> {
  return readTarStream(file, createReadStream(file), true, keep);
}

/** Reads an uncompressed tar held in memory (e.g. a .deb's decompressed control.tar). */
export function readTarBuffer(
  file: string,
  data: Buffer,
  keep: (name: string) => boolean,
): Promise<Map<string, TarEntry>> {
  return readTarStream(file, Readable.from([data]), false, keep);
}
