import { basename } from 'node:path';
import { ArtifactError } from '../errors';
import { malformed } from './malformed';
import type { PackageFile } from './types';

export interface RecordLine {
  path: string;
  hash: string;
  size: string;
}

/** One CSV row (RFC 4180 quoting, as Python's csv module writes RECORD). */
function splitCsvRow(row: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < row.length; i += 1) {
    const ch = row[i];
    if (quoted) {
      if (ch === '"' && row[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}

export function parseRecord(file: string, text: string): RecordLine[] {
  const out: RecordLine[] = [];
  text.split(/\r?\n/).forEach((row, index) => {
    if (row.trim() === '') return;
    const cells = splitCsvRow(row);
    if (!cells || cells.length !== 3) throw malformed(file, `RECORD line ${index + 1} is not path,hash,size`);
    const [path = '', hash = '', size = ''] = cells;
    out.push({ path, hash, size });
  });
  return out;
}

function mismatch(file: string, entry: string, rule: string): ArtifactError {
  return new ArtifactError('PACKAGE_RECORD_MISMATCH', `${basename(file)}: RECORD: ${entry}: ${rule}`, {
    details: { file, entry, rule },
  });
}

export interface ArchiveFile {
  size: number;
  sha256: string;
}

/**
 * Checks RECORD against the archive both ways: every listed file exists with the listed sha256
 * and size, and every file in the archive is listed. Only RECORD itself (and its signatures)
 * may go without a hash.
 */
export function verifyRecord(
  file: string,
  recordPath: string,
  lines: RecordLine[],
  archive: Map<string, ArchiveFile>,
): PackageFile[] {
  const unhashed = new Set([recordPath, `${recordPath}.jws`, `${recordPath}.p7s`]);
  const seen = new Set<string>();
  const files: PackageFile[] = [];
  for (const line of lines) {
    if (seen.has(line.path)) throw mismatch(file, line.path, 'listed twice');
    seen.add(line.path);
    const entry = archive.get(line.path);
    if (!entry) throw mismatch(file, line.path, 'listed in RECORD but missing from the archive');
    if (line.hash === '') {
      if (!unhashed.has(line.path)) throw mismatch(file, line.path, 'has no hash');
      continue;
    }
    if (!line.hash.startsWith('sha256=')) throw mismatch(file, line.path, `unsupported hash "${line.hash}"`);
    const encoded = line.hash.slice('sha256='.length);
    const digest = Buffer.from(encoded, 'base64url');
    if (digest.length !== 32 || !/^[A-Za-z0-9_-]{43}$/.test(encoded)) {
      throw mismatch(file, line.path, 'hash is not a urlsafe-base64 sha256 digest');
    }
    if (!Buffer.from(entry.sha256, 'hex').equals(digest))
      throw mismatch(file, line.path, 'sha256 digest differs');
    if (line.size !== '' && line.size !== String(entry.size)) {
      throw mismatch(file, line.path, `size ${line.size} in RECORD, ${entry.size} in the archive`);
    }
    files.push({ path: line.path, sha256: entry.sha256, size: entry.size });
  }
  for (const name of archive.keys()) {
    if (!seen.has(name) && !unhashed.has(name))
      throw mismatch(file, name, 'in the archive but not in RECORD');
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
