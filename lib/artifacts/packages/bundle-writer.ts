import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';

/** A fixed member time: the same files give the same bytes, so re-importing is a no-op. */
const EPOCH = new Date('2024-01-01T00:00:00Z');

/**
 * Writes a config bundle `file`: a .tar.gz of regular files (path inside the bundle → content), mode
 * 0644, fixed times, owner 0, in the order given. Deterministic: the same files give the same digest.
 */
export async function writeConfigBundle(
  file: string,
  files: Readonly<Record<string, string | Buffer>>,
): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, zlib.createGzip(), fs.createWriteStream(file));
  for (const [name, content] of Object.entries(files)) {
    const body = typeof content === 'string' ? Buffer.from(content) : content;
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name, mode: 0o644, mtime: EPOCH, uid: 0, gid: 0 }, body, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }
  pack.finalize();
  await written;
}
