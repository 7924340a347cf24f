import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

import { InventoryError } from './errors';
import type { EnvironmentPackages } from './venv';
import { isDir, readIfPresent } from './venv';

/** Top-level package directories of a node_modules (`x` and `@scope/x`; nested node_modules are not walked). */
async function topLevelPackageDirs(nodeModules: string): Promise<string[]> {
  if (!(await isDir(nodeModules))) return [];
  const out: string[] = [];
  for (const entry of (await readdir(nodeModules)).sort()) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const sub of (await readdir(path.join(nodeModules, entry))).sort()) out.push(`${entry}/${sub}`);
    } else out.push(entry);
  }
  return out;
}

/**
 * Packages of a Node release directory: `node_modules/<name>/package.json` and
 * `node_modules/@scope/<name>/package.json` (name → version), and a checksum: sha256 over the
 * sorted `name@version` lines, then each of those package.json files and the lockfiles
 * (`package-lock.json`, `node_modules/.package-lock.json`) when present.
 */
export async function nodeReleasePackages(release: string): Promise<EnvironmentPackages> {
  if (!(await isDir(release))) {
    throw new InventoryError('INVENTORY_ENV_MISSING', `release ${release} does not exist`, {
      details: { path: release },
    });
  }
  const nodeModules = path.join(release, 'node_modules');
  const packages: Record<string, string> = {};
  const manifests: [string, string][] = [];
  for (const dir of await topLevelPackageDirs(nodeModules)) {
    const text = await readIfPresent(path.join(nodeModules, dir, 'package.json'));
    if (text === undefined) continue;
    const pkg = JSON.parse(text) as { name?: unknown; version?: unknown };
    const name = typeof pkg.name === 'string' ? pkg.name : dir;
    if (typeof pkg.version !== 'string') continue;
    packages[name] = pkg.version;
    manifests.push([dir, text]);
  }
  const hash = createHash('sha256');
  for (const name of Object.keys(packages).sort()) hash.update(`${name}@${packages[name]}\n`);
  for (const [dir, text] of manifests) hash.update(`\0${dir}\0`).update(text);
  for (const lock of ['package-lock.json', path.join('node_modules', '.package-lock.json')]) {
    const text = await readIfPresent(path.join(release, lock));
    if (text !== undefined) hash.update(`\0${lock}\0`).update(text);
  }
  return { packages, checksum: hash.digest('hex') };
}
