import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { InventoryError } from './errors';

/** `Name:` and `Version:` of a dist-info METADATA (its header, before the first blank line). */
export function parseDistMetadata(text: string): { name: string; version: string } | undefined {
  const header = text.split(/\r?\n\r?\n/)[0] ?? '';
  const name = /^Name:\s*(.+?)\s*$/m.exec(header)?.[1];
  const version = /^Version:\s*(.+?)\s*$/m.exec(header)?.[1];
  return name && version ? { name, version } : undefined;
}

/** PEP 503 normalised project name: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return false;
    throw err;
  }
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw err;
  }
}

export interface EnvironmentPackages {
  packages: Record<string, string>;
  /** sha256 (hex) over the sorted package list and the install records. */
  checksum: string;
}

/**
 * Packages installed in a Python venv, read from `lib/python*\/site-packages/*.dist-info/METADATA`
 * (no pip call), and a checksum: sha256 over the sorted `name==version` lines, then each RECORD
 * file's contents in dist-info name order, so any changed install changes it.
 */
export async function venvPackages(venv: string): Promise<EnvironmentPackages> {
  if (!(await isDir(venv))) {
    throw new InventoryError('INVENTORY_ENV_MISSING', `venv ${venv} does not exist`, {
      details: { path: venv },
    });
  }
  const lib = path.join(venv, 'lib');
  const pythons = (await isDir(lib)) ? (await readdir(lib)).filter((d) => d.startsWith('python')).sort() : [];
  const packages: Record<string, string> = {};
  const records: [string, string][] = [];
  for (const py of pythons) {
    const site = path.join(lib, py, 'site-packages');
    if (!(await isDir(site))) continue;
    for (const entry of (await readdir(site)).filter((e) => e.endsWith('.dist-info')).sort()) {
      const meta = await readIfPresent(path.join(site, entry, 'METADATA'));
      const parsed = meta === undefined ? undefined : parseDistMetadata(meta);
      if (!parsed) continue;
      packages[normalizeProjectName(parsed.name)] = parsed.version;
      const record = await readIfPresent(path.join(site, entry, 'RECORD'));
      if (record !== undefined) records.push([`${py}/${entry}`, record]);
    }
  }
  const hash = createHash('sha256');
  for (const name of Object.keys(packages).sort()) hash.update(`${name}==${packages[name]}\n`);
  for (const [where, record] of records.sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    hash.update(`\0${where}\0`).update(record);
  }
  return { packages, checksum: hash.digest('hex') };
}

export { isDir, readIfPresent };
