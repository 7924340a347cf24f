import path from 'node:path';
import { ArtifactError } from '../errors';

/** PACKAGE_MALFORMED naming the artifact and what failed; the low-level error stays as `cause`. */
export function malformed(file: string, what: string, cause?: unknown): ArtifactError {
  // Duck-typed: errors from Node internals may come from another realm (e.g. under Jest).
  const message = (cause as { message?: unknown } | undefined)?.message;
  const reason = typeof message === 'string' && message !== '' ? `: ${message}` : '';
  return new ArtifactError('PACKAGE_MALFORMED', `${path.basename(file)}: ${what}${reason}`, {
    cause,
    details: { file, what },
  });
}

/** Rethrows ArtifactErrors unchanged and wraps anything else as PACKAGE_MALFORMED. */
export function asMalformed(file: string, what: string, err: unknown): ArtifactError {
  return err instanceof ArtifactError ? err : malformed(file, what, err);
}

/** Entry names must stay inside the archive: no absolute paths, no `..`, no backslashes. */
export function checkEntryName(file: string, name: string): void {
  const parts = name.split('/');
  if (name.startsWith('/') || name.includes('\\') || name.includes('\0') || parts.includes('..')) {
    throw malformed(file, `unsafe entry name ${JSON.stringify(name)}`);
  }
}
