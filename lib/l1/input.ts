import { L1Error } from './errors';
import type { L1ChangedFile, L1Input } from './types';

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const MAX_FILES = 2000;

function invalid(field: string, message: string): L1Error {
  return new L1Error('L1_INPUT_INVALID', `${field}: ${message}`, { details: { field } });
}

/** A changed file's path: relative, `/`-separated, no `.`/`..` segments, no NUL or backslash. */
export function isSafeRelativePath(p: string): boolean {
  if (p === '' || p.length > 1000 || p.startsWith('/') || /[\0\\]/.test(p)) return false;
  return p.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

function checkFiles(files: L1ChangedFile[]): void {
  if (files.length > MAX_FILES) throw invalid('files', `${files.length} files; at most ${MAX_FILES}`);
  const seen = new Set<string>();
  files.forEach((f, i) => {
    if (typeof f.path !== 'string' || !isSafeRelativePath(f.path)) {
      throw invalid(`files[${i}].path`, `${JSON.stringify(f.path)} must be a relative path without . or ..`);
    }
    if (f.content !== null && typeof f.content !== 'string')
      throw invalid(`files[${i}].content`, 'must be text or null');
    if (seen.has(f.path)) throw invalid(`files[${i}].path`, `${f.path} is listed twice`);
    seen.add(f.path);
  });
}

/** Checks what L1 votes on; throws L1Error L1_INPUT_INVALID with `details.field`. */
export function validateL1Input(input: L1Input): void {
  if (!REQUEST_ID.test(input.request_id ?? ''))
    throw invalid('request_id', `must match ${REQUEST_ID.source}`);
  if (!DIGEST.test(input.artifact_digest ?? '')) throw invalid('artifact_digest', 'must be sha256:<64 hex>');
  if (typeof input.service !== 'string' || input.service === '') throw invalid('service', 'is required');
  if (input.lockfile) {
    if (!isSafeRelativePath(input.lockfile.file_name ?? ''))
      throw invalid('lockfile.file_name', 'must be a relative path');
    if (typeof input.lockfile.new !== 'string') throw invalid('lockfile.new', 'must be the lock text');
  }
  checkFiles(input.files ?? []);
}
