import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { NodeReleaseError } from './errors';
import { directRunner, outputTail, type NodeCommandRunner } from './run';

export interface CachedTarball {
  tarball: string;
  /** `sha512-<base64>`: the value a package-lock `integrity` field must carry for this tarball. */
  integrity: string;
}

/**
 * Adds verified npm tarballs (already checked against the artifact store) to a private npm cache
 * with `npm cache add <file> --cache <dir> --offline`; `npm ci --offline --cache <dir>` then finds
 * them by the lockfile's integrity. Never uses the network.
 */
export async function populateNpmCache(
  cacheDir: string,
  tarballs: string[],
  opts: { npm?: string; run?: NodeCommandRunner } = {},
): Promise<CachedTarball[]> {
  const run = opts.run ?? directRunner;
  fs.mkdirSync(cacheDir, { recursive: true });
  const out: CachedTarball[] = [];
  for (const tarball of tarballs) {
    if (!fs.statSync(tarball, { throwIfNoEntry: false })?.isFile()) {
      throw new NodeReleaseError('NODE_RELEASE_CACHE_FAILED', `${tarball} is not a file`);
    }
    const r = await run(
      [
        opts.npm ?? 'npm',
        'cache',
        'add',
        tarball,
        '--cache',
        cacheDir,
        '--offline',
        '--no-audit',
        '--no-fund',
      ],
      [cacheDir],
      [tarball],
    );
    if (r.exitCode !== 0) {
      throw new NodeReleaseError(
        'NODE_RELEASE_CACHE_FAILED',
        `npm cache add ${tarball} failed (exit ${r.exitCode ?? r.signal}): ${outputTail(r)}`,
        { details: { exit_code: r.exitCode, signal: r.signal } },
      );
    }
    const digest = createHash('sha512').update(fs.readFileSync(tarball)).digest('base64');
    out.push({ tarball, integrity: `sha512-${digest}` });
  }
  return out;
}
