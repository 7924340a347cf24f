import { lockfileInvalid } from './invalid';
import type { LockedPackage, LockHash } from './types';

const DIGEST_BYTES: Record<string, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

function lineOf(text: string, index: number): number {
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}

/** Line of `"key":` in the raw text, so errors point where a reader would look. */
function keyLine(text: string, key: string): number {
  return lineOf(text, text.indexOf(`${JSON.stringify(key)}:`));
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = String((err as { message?: unknown }).message ?? 'not JSON');
    const pos = /position (\d+)/.exec(message);
    throw lockfileInvalid(file, pos?.[1] ? lineOf(text, Number(pos[1])) : 1, 'json', message);
  }
}

function parseIntegrity(file: string, line: number, integrity: string): LockHash[] {
  return integrity
    .trim()
    .split(/\s+/)
    .map((token) => {
      const m = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(token);
      const bytes = m?.[2] ? Buffer.from(m[2], 'base64') : Buffer.alloc(0);
      if (!m?.[1] || bytes.length !== DIGEST_BYTES[m[1]]) {
        throw lockfileInvalid(file, line, 'integrity-malformed', `"${token}" is not an SRI hash`);
      }
      return { algorithm: m[1], hex: bytes.toString('hex') };
    });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * npm package-lock.json / npm-shrinkwrap.json, lockfileVersion 2 or 3 (the `packages` map).
 * Skips the root "", link entries, workspace folders (keys without node_modules/) and bundled
 * entries (they arrive inside their parent's tarball). Every other entry needs a version and
 * a sha512 integrity.
 */
export function parsePackageLock(text: string, fileName: string): LockedPackage[] {
  const doc = parseJson(text, fileName);
  if (!isRecord(doc)) throw lockfileInvalid(fileName, 1, 'not-an-object', 'top level must be an object');
  const version = doc.lockfileVersion;
  if (version !== 2 && version !== 3) {
    const line = keyLine(text, 'lockfileVersion');
    const hint = version === 1 ? ' (v1 lacks the packages map; regenerate with npm 7 or later)' : '';
    throw lockfileInvalid(
      fileName,
      line,
      'lockfile-version',
      `lockfileVersion ${String(version)} unsupported${hint}`,
    );
  }
  const packages = doc.packages;
  if (!isRecord(packages)) {
    throw lockfileInvalid(fileName, keyLine(text, 'packages'), 'packages-missing', 'no "packages" object');
  }
  const out: LockedPackage[] = [];
  for (const [key, value] of Object.entries(packages)) {
    if (key === '') continue;
    const line = keyLine(text, key);
    if (!isRecord(value)) throw lockfileInvalid(fileName, line, 'entry-malformed', `${key} is not an object`);
    const at = key.lastIndexOf('node_modules/');
    if (value.link === true || at < 0 || value.inBundle === true) continue;
    const name = typeof value.name === 'string' ? value.name : key.slice(at + 'node_modules/'.length);
    if (typeof value.version !== 'string' || value.version === '') {
      throw lockfileInvalid(fileName, line, 'version-missing', `${key} has no version`);
    }
    if (typeof value.integrity !== 'string') {
      throw lockfileInvalid(fileName, line, 'integrity-missing', `${key} has no integrity`);
    }
    const hashes = parseIntegrity(fileName, line, value.integrity);
    if (!hashes.some((h) => h.algorithm === 'sha512')) {
      throw lockfileInvalid(fileName, line, 'integrity-weak', `${key} has no sha512 integrity`);
    }
    out.push({
      name,
      version: value.version,
      hashes,
      line,
      path: key,
      integrity: value.integrity,
      ...(typeof value.resolved === 'string' ? { resolved: value.resolved } : {}),
      ...(value.dev === true ? { dev: true } : {}),
      ...(value.optional === true ? { optional: true } : {}),
    });
  }
  return out;
}
