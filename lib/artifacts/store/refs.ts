import fs from 'node:fs';
import path from 'node:path';
import { ArtifactError } from '../errors';

/** A parsed `local://` reference: by content digest, or by index path (kind/name/version/file). */
export type LocalRef = { by: 'digest'; sha256: string } | { by: 'path'; path: string };

const SCHEME = 'local://';
const DIGEST = /^sha256[:/]([0-9a-f]{64})$/;
/** One path segment: starts with a letter or digit, then a conservative set; no dot-only segments. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,199}$/;
const MAX_REF = 1024;

function refuse(ref: string, rule: string): never {
  throw new ArtifactError('ARTIFACT_REF_INVALID', `artifact reference ${JSON.stringify(ref)}: ${rule}`, {
    details: { ref, rule },
  });
}

/**
 * Parses `local://sha256:<hex>`, `local://sha256/<hex>` or `local://<kind>/<name>/<version>/<file>`.
 * Refused (ARTIFACT_REF_INVALID, naming the rule): another scheme, percent- or backslash-encoded
 * text, `.`/`..` or empty segments, absolute paths, control or non-ASCII characters, over-long refs.
 * Nothing is decoded: what is refused here can never reach the file system.
 */
export function parseLocalRef(ref: unknown): LocalRef {
  if (typeof ref !== 'string') refuse(String(ref), 'must be a string');
  if (ref.length > MAX_REF) refuse(ref.slice(0, 64), `longer than ${MAX_REF} characters`);
  if (!ref.startsWith(SCHEME)) refuse(ref, `must start with ${SCHEME}`);
  if (/[^\x21-\x7e]/.test(ref)) refuse(ref, 'only printable ASCII without spaces is allowed');
  if (ref.includes('%')) refuse(ref, 'percent-encoding is not allowed');
  if (ref.includes('\\')) refuse(ref, 'backslashes are not allowed');
  const rest = ref.slice(SCHEME.length);
  if (rest.startsWith('/')) refuse(ref, 'absolute paths are not allowed');
  const digest = DIGEST.exec(rest);
  if (digest?.[1]) return { by: 'digest', sha256: digest[1] };
  if (rest.startsWith('sha256')) refuse(ref, 'a digest reference is sha256:<64 lowercase hex digits>');
  const segments = rest.split('/');
  for (const s of segments) {
    if (s === '') refuse(ref, 'empty path segments are not allowed');
    if (s === '.' || s === '..') refuse(ref, '"." and ".." segments are not allowed');
    if (!SEGMENT.test(s)) refuse(ref, `segment ${JSON.stringify(s)} has characters outside [A-Za-z0-9._+~-]`);
  }
  if (segments.length !== 4) refuse(ref, 'a path reference is <kind>/<name>/<version>/<file>');
  return { by: 'path', path: segments.join('/') };
}

/** The `local://` reference of an index path or a digest. */
export function formatLocalRef(target: { path: string } | { sha256: string }): string {
  return 'path' in target ? `${SCHEME}${target.path}` : `${SCHEME}sha256:${target.sha256}`;
}

/**
 * Joins `relative` under `root` and proves the result stays inside it after resolving symlinks
 * (a link inside the store pointing outside is refused). The file must exist.
 */
export function resolveInside(root: string, relative: string, ref = relative): string {
  const realRoot = fs.realpathSync(root);
  const joined = path.resolve(realRoot, relative);
  if (!isInside(realRoot, joined)) refuse(ref, 'resolves outside the store');
  let real: string;
  try {
    real = fs.realpathSync(joined);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ArtifactError('ARTIFACT_NOT_FOUND', `${ref}: not in the store`, { details: { ref } });
    throw err;
  }
  if (!isInside(realRoot, real)) refuse(ref, 'is a symbolic link pointing outside the store');
  return real;
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
