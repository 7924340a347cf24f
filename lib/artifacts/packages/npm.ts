import { parsePackageLock } from '../lockfiles/package-lock';
import { malformed } from './malformed';
import { purlFor } from './purl';
import { readTarGzFile } from './tar';
import type { LockedDependency, PackageDependency, PackageFile, PackageInfo } from './types';

const KEPT = new Set(['package/package.json', 'package/package-lock.json', 'package/npm-shrinkwrap.json']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function depsOf(manifest: Record<string, unknown>, field: string, optional: boolean): PackageDependency[] {
  const deps = manifest[field];
  if (!isRecord(deps)) return [];
  return Object.entries(deps)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([name, spec]) => ({ name, spec, ...(optional ? { optional: true } : {}) }));
}

/** `license: "MIT"`, or the legacy `{ type: "MIT" }` / `licenses: [{ type }]` forms. */
function licenseOf(manifest: Record<string, unknown>): string | undefined {
  const { license, licenses } = manifest;
  if (typeof license === 'string' && license !== '') return license;
  if (isRecord(license) && typeof license.type === 'string') return license.type;
  if (Array.isArray(licenses)) {
    const types = licenses.filter(isRecord).map((l) => l.type);
    if (types.length > 0 && types.every((t) => typeof t === 'string')) return types.join(' OR ');
  }
  return undefined;
}

function lockedOf(file: string, lockName: string, content: Buffer): LockedDependency[] {
  return parsePackageLock(content.toString('utf8'), `${file}!${lockName}`).map((p) => ({
    name: p.name,
    version: p.version,
    path: p.path ?? p.name,
    ...(p.integrity ? { integrity: p.integrity } : {}),
  }));
}

/** Reads an npm tarball: package/package.json and, if shipped, its shrinkwrap or lockfile. */
export async function inspectNpmTarball(file: string): Promise<PackageInfo> {
  const entries = await readTarGzFile(file, (name) => KEPT.has(name));
  const manifestEntry = entries.get('package/package.json');
  if (!manifestEntry?.content) {
    throw malformed(file, 'no package/package.json (for a plain .tar.gz pass kind "config-bundle")');
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestEntry.content.toString('utf8'));
  } catch (err) {
    throw malformed(file, 'package/package.json is not JSON', err);
  }
  if (!isRecord(manifest)) throw malformed(file, 'package/package.json is not an object');
  const { name, version, description, homepage } = manifest;
  if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '') {
    throw malformed(file, 'package/package.json lacks name or version');
  }
  const lockName = ['package/npm-shrinkwrap.json', 'package/package-lock.json'].find((n) => entries.has(n));
  const lockContent = lockName ? entries.get(lockName)?.content : undefined;
  const license = licenseOf(manifest);
  const files: PackageFile[] = [...entries.values()]
    .map((e) => ({ path: e.name, sha256: e.sha256, size: e.size }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    kind: 'npm-tarball',
    name,
    version,
    ...(typeof description === 'string' && description !== '' ? { summary: description } : {}),
    ...(license ? { license } : {}),
    ...(typeof homepage === 'string' && homepage !== '' ? { homepage } : {}),
    dependencies: [
      ...depsOf(manifest, 'dependencies', false),
      ...depsOf(manifest, 'optionalDependencies', true),
    ],
    ...(lockName && lockContent ? { lockedDependencies: lockedOf(file, lockName, lockContent) } : {}),
    purl: purlFor('npm-tarball', name, version),
    files,
  };
}
