import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../lib/fs';
import type { ExecResult } from '../exec';
import { NodeReleaseError, type NodeReleaseCode } from './errors';
import { writeReleaseJournal } from './journal';
import { currentReleaseName, newReleaseName, type NodeReleasePaths } from './layout';
import { directRunner, outputTail, type NodeCommandRunner } from './run';

export interface BuildReleaseOptions {
  /** The app's source directory: its code, package.json and package-lock.json (node_modules is skipped). */
  source: string;
  /** Private npm cache holding every tarball the lockfile names (see populateNpmCache). */
  npmCache: string;
  /** Modules that must `require` in the new release (the service's own imports). */
  audit: string[];
  npm?: string;
  node?: string;
  run?: NodeCommandRunner;
  now?: Date;
}

export interface BuiltRelease {
  name: string;
  dir: string;
  /** node_modules path (without the leading `node_modules/`) → version, from npm's hidden lockfile. */
  packages: Record<string, string>;
  timingsMs: { copy: number; install: number; audit: number };
}

/** Marker written last into a complete release (a release without it is incomplete). */
export const RELEASE_MARKER = '.hale-release.json';

const SKIPPED = new Set(['node_modules', '.git', RELEASE_MARKER]);

function failed(code: NodeReleaseCode, what: string, r: ExecResult): NodeReleaseError {
  return new NodeReleaseError(code, `${what} failed (exit ${r.exitCode ?? r.signal}): ${outputTail(r)}`, {
    details: { exit_code: r.exitCode, signal: r.signal },
  });
}

/** Installed packages of a release, read from `node_modules/.package-lock.json`. */
export function installedNodePackages(dir: string): Record<string, string> {
  const hidden = path.join(dir, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(hidden)) return {};
  const lock = JSON.parse(fs.readFileSync(hidden, 'utf8')) as {
    packages?: Record<string, { version?: string }>;
  };
  const out: Record<string, string> = {};
  for (const [p, meta] of Object.entries(lock.packages ?? {})) {
    if (p.startsWith('node_modules/') && meta.version) out[p.slice('node_modules/'.length)] = meta.version;
  }
  return out;
}

function checkSource(source: string): string {
  for (const f of ['package.json', 'package-lock.json']) {
    if (!fs.existsSync(path.join(source, f))) {
      throw new NodeReleaseError('NODE_RELEASE_SOURCE_INVALID', `${source} has no ${f}`);
    }
  }
  return path.join(source, 'package-lock.json');
}

/**
 * Builds a complete new release beside the current one, never touching it: copy the source, then
 * `npm ci --offline --ignore-scripts` against the private cache, then the require audit, then the
 * marker. The journal says `building` before the directory exists, so a crash (or a failure) at
 * any point leaves a known incomplete directory that reconcileRelease() removes.
 */
export async function buildRelease(
  paths: NodeReleasePaths,
  opts: BuildReleaseOptions,
): Promise<BuiltRelease> {
  const run = opts.run ?? directRunner;
  const lockfile = checkSource(opts.source);
  const name = newReleaseName(opts.now);
  const dir = paths.release(name);
  if (fs.existsSync(dir)) throw new NodeReleaseError('NODE_RELEASE_LAYOUT_INVALID', `${dir} already exists`);
  fs.mkdirSync(paths.releases, { recursive: true });
  writeReleaseJournal(paths, {
    state: 'building',
    release: name,
    previous: currentReleaseName(paths) ?? null,
  });
  const t0 = Date.now();
  fs.cpSync(opts.source, dir, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => src === opts.source || !SKIPPED.has(path.basename(src)),
  });
  const t1 = Date.now();
  const install = await run(
    [
      opts.npm ?? 'npm',
      'ci',
      '--prefix',
      dir,
      '--offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--update-notifier=false',
      '--cache',
      opts.npmCache,
    ],
    [dir, opts.npmCache],
    [],
  );
  if (install.exitCode !== 0) throw failed('NODE_RELEASE_INSTALL_FAILED', 'npm ci --offline', install);
  const t2 = Date.now();
  if (opts.audit.length > 0) {
    const code = [
      `const r = require('node:module').createRequire(${JSON.stringify(path.join(dir, 'package.json'))});`,
      `for (const m of ${JSON.stringify(opts.audit)}) r(m);`,
    ].join(' ');
    const audit = await run([opts.node ?? process.execPath, '-e', code], [], [dir]);
    if (audit.exitCode !== 0) {
      throw failed('NODE_RELEASE_REQUIRE_AUDIT_FAILED', `require audit (${opts.audit.join(', ')})`, audit);
    }
  }
  const t3 = Date.now();
  const packages = installedNodePackages(dir);
  const lockSha = createHash('sha256').update(fs.readFileSync(lockfile)).digest('hex');
  writeFileAtomic(
    path.join(dir, RELEASE_MARKER),
    `${JSON.stringify({ name, lockfile_sha256: lockSha, packages, built_at: new Date().toISOString() })}\n`,
  );
  writeReleaseJournal(paths, { state: 'built', release: name, previous: currentReleaseName(paths) ?? null });
  return { name, dir, packages, timingsMs: { copy: t1 - t0, install: t2 - t1, audit: t3 - t2 } };
}
