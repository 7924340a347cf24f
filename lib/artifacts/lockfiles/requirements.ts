import { normalizePythonName } from '../packages/wheel-name';
import { lockfileInvalid } from './invalid';
import type { LockedPackage, LockHash } from './types';

/** Global pip options that do not change what gets installed offline; they are ignored. */
const IGNORED_OPTIONS = new Set([
  '--index-url',
  '-i',
  '--extra-index-url',
  '--find-links',
  '-f',
  '--no-index',
  '--trusted-host',
  '--prefer-binary',
  '--only-binary',
  '--no-binary',
  '--require-hashes',
]);

interface LogicalLine {
  text: string;
  line: number;
}

/** Joins `\` continuations and drops comments (`#` at the start or after whitespace). */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: LogicalLine | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const stripped = raw.replace(/(^|\s)#.*$/, '');
    const continued = /\\\s*$/.test(stripped);
    const part = continued ? stripped.replace(/\\\s*$/, '') : stripped;
    pending = pending
      ? { text: `${pending.text} ${part}`, line: pending.line }
      : { text: part, line: index + 1 };
    if (!continued) {
      out.push(pending);
      pending = undefined;
    }
  });
  if (pending) out.push(pending);
  return out.filter((l) => l.text.trim() !== '');
}

function parseHash(file: string, line: number, value: string): LockHash {
  const m = /^(sha256|sha384|sha512):([0-9a-fA-F]+)$/.exec(value);
  const lengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
  if (!m?.[1] || !m[2] || m[2].length !== lengths[m[1]]) {
    throw lockfileInvalid(file, line, 'hash-malformed', `"${value}" is not <sha256|sha384|sha512>:<hex>`);
  }
  return { algorithm: m[1], hex: m[2].toLowerCase() };
}

function parseRequirement(file: string, { text, line }: LogicalLine): LockedPackage {
  const hashes: LockHash[] = [];
  const rest = text.replace(/(?:^|\s)--hash(?:=|\s+)(\S+)/g, (_all, value: string) => {
    hashes.push(parseHash(file, line, value));
    return ' ';
  });
  if (/(?:^|\s)-/.test(rest.replace(/;.*$/, ''))) {
    throw lockfileInvalid(file, line, 'option-unsupported', `unexpected option in "${text.trim()}"`);
  }
  const semi = rest.indexOf(';');
  const requirement = (semi < 0 ? rest : rest.slice(0, semi)).trim();
  const marker = semi < 0 ? '' : rest.slice(semi + 1).trim();
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/.exec(requirement);
  if (!m?.[1]) throw lockfileInvalid(file, line, 'requirement-malformed', `cannot read "${requirement}"`);
  const pin = /^==\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$/.exec((m[3] ?? '').trim());
  if (!pin?.[1]) {
    throw lockfileInvalid(
      file,
      line,
      'not-pinned',
      `${m[1]} must be pinned with ==<version>, got "${m[3] ?? ''}"`,
    );
  }
  if (!hashes.some((h) => h.algorithm === 'sha256')) {
    throw lockfileInvalid(file, line, 'hash-missing', `${m[1]}==${pin[1]} has no --hash=sha256:…`);
  }
  const extras = (m[2] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  return {
    name: normalizePythonName(m[1]),
    version: pin[1],
    hashes,
    line,
    ...(marker === '' ? {} : { marker }),
    ...(extras.length > 0 ? { extras } : {}),
  };
}

/**
 * Hash-pinned pip requirements (`pip-compile --generate-hashes` style). Every requirement needs
 * `==<version>` and at least one sha256 hash; `-r`, `-c`, `-e`, URLs and ranges are refused.
 */
export function parseRequirementsLock(text: string, fileName: string): LockedPackage[] {
  const out: LockedPackage[] = [];
  const seen = new Map<string, number>();
  for (const logical of logicalLines(text)) {
    const trimmed = logical.text.trim();
    if (trimmed.startsWith('-')) {
      const option = trimmed.split(/[\s=]/)[0] ?? '';
      if (IGNORED_OPTIONS.has(option)) continue;
      throw lockfileInvalid(
        fileName,
        logical.line,
        'option-unsupported',
        `${option} is not allowed in a lock`,
      );
    }
    const pkg = parseRequirement(fileName, logical);
    const key = `${pkg.name};${pkg.marker ?? ''}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw lockfileInvalid(
        fileName,
        logical.line,
        'duplicate',
        `${pkg.name} is already pinned on line ${earlier}`,
      );
    }
    seen.set(key, logical.line);
    out.push(pkg);
  }
  return out;
}
