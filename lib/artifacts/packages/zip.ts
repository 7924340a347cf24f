import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import { asMalformed, checkEntryName, malformed } from './malformed';

export interface ZipEntry {
  name: string;
  size: number;
  sha256: string;
  /** Kept only for entries the caller asked for (small metadata files). */
  content?: Buffer;
}

const MAX_KEPT_BYTES = 16 * 1024 * 1024;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: true }, (err, zip) => {
      if (err) reject(malformed(file, 'not a readable zip archive', err));
      else resolve(zip);
    });
  });
}

function readEntry(file: string, zip: yauzl.ZipFile, entry: yauzl.Entry, keep: boolean): Promise<ZipEntry> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(malformed(file, `cannot read entry ${entry.fileName}`, err));
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
        if (keep && size <= MAX_KEPT_BYTES) chunks.push(chunk);
      });
      stream.on('error', (e) => reject(malformed(file, `corrupt entry ${entry.fileName}`, e)));
      stream.on('end', () => {
        if (keep && size > MAX_KEPT_BYTES)
          return reject(malformed(file, `entry ${entry.fileName} too large`));
        resolve({
          name: entry.fileName,
          size,
          sha256: hash.digest('hex'),
          ...(keep ? { content: Buffer.concat(chunks) } : {}),
        });
      });
    });
  });
}

/**
 * Reads every file entry of a zip, hashing each one as it streams; keeps the bytes of the entries
 * `keep(name)` selects. Duplicate or unsafe names are PACKAGE_MALFORMED (zip confusion).
 */
export async function readZip(file: string, keep: (name: string) => boolean): Promise<Map<string, ZipEntry>> {
  const zip = await openZip(file);
  const entries = new Map<string, ZipEntry>();
  return new Promise((resolve, reject) => {
    const fail = (err: unknown): void => {
      zip.close();
      reject(asMalformed(file, 'corrupt zip archive', err));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve(entries));
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      try {
        checkEntryName(file, name);
        if (entries.has(name)) throw malformed(file, `duplicate entry ${name}`);
      } catch (err) {
        fail(err);
        return;
      }
      if (name.endsWith('/')) {
        zip.readEntry();
        return;
      }
      readEntry(file, zip, entry, keep(name)).then((read) => {
        entries.set(name, read);
        zip.readEntry();
      }, fail);
    });
    zip.readEntry();
  });
}
