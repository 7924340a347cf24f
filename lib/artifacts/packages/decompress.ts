import { spawn } from 'node:child_process';
import zlib from 'node:zlib';
import { ArtifactError } from '../errors';
import { malformed } from './malformed';

export type Compression = 'none' | 'gzip' | 'xz' | 'zstd';

/** Paths of the external decompressors (node has no xz or zstd); tests point these elsewhere. */
export interface DecompressTools {
  xz?: string;
  zstd?: string;
}

const MAX_OUTPUT = 64 * 1024 * 1024;

/** Compression from a member name such as `control.tar.xz`. */
export function compressionOf(name: string): Compression | undefined {
  if (name.endsWith('.tar')) return 'none';
  if (name.endsWith('.tar.gz')) return 'gzip';
  if (name.endsWith('.tar.xz')) return 'xz';
  if (name.endsWith('.tar.zst')) return 'zstd';
  return undefined;
}

function runTool(file: string, tool: string, args: string[], input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) child.kill();
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') {
        reject(
          new ArtifactError(
            'PACKAGE_TOOL_MISSING',
            `${tool} is needed to read ${file} but is not installed`,
            {
              cause: e,
              details: { file, tool },
            },
          ),
        );
      } else reject(malformed(file, `${tool} failed to start`, e));
    });
    child.on('close', (code) => {
      if (size > MAX_OUTPUT) reject(malformed(file, `decompressed data exceeds ${MAX_OUTPUT} bytes`));
      else if (code !== 0) {
        const msg = Buffer.concat(err).toString('utf8').trim();
        reject(malformed(file, `${tool} could not decompress (exit ${code}): ${msg}`));
      } else resolve(Buffer.concat(out));
    });
    // EPIPE when the tool exits early surfaces through 'close' with its exit code.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Decompresses a whole (small) buffer: gzip in-process, xz and zstd through their binaries. */
export async function decompress(
  file: string,
  data: Buffer,
  compression: Compression,
  tools: DecompressTools = {},
): Promise<Buffer> {
  switch (compression) {
    case 'none':
      return data;
    case 'gzip':
      try {
        return zlib.gunzipSync(data, { maxOutputLength: MAX_OUTPUT });
      } catch (err) {
        throw malformed(file, 'gzip data is corrupt or truncated', err);
      }
    case 'xz':
      return runTool(file, tools.xz ?? 'xz', ['-dc'], data);
    case 'zstd':
      return runTool(file, tools.zstd ?? 'zstd', ['-dc', '-q'], data);
  }
}
