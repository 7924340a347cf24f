import { ArtifactError } from '../errors';

/** RESOLVE_LOCKFILE_INVALID with `file:line: rule: detail`; details carry file, line and rule. */
export function lockfileInvalid(file: string, line: number, rule: string, detail: string): ArtifactError {
  return new ArtifactError('RESOLVE_LOCKFILE_INVALID', `${file}:${line}: ${rule}: ${detail}`, {
    details: { file, line, rule },
  });
}
