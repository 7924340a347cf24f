import { comparePep440, isPep440PreRelease, parsePep440, type Pep440Version } from './pep440';

type Operator = '===' | '==' | '!=' | '~=' | '<=' | '>=' | '<' | '>';

interface Clause {
  op: Operator;
  /** `===`: the literal text. */
  text: string;
  version?: Pep440Version;
  /** `==1.2.*` / `!=1.2.*`. */
  prefix?: boolean;
}

export interface Pep440Specifier {
  clauses: Clause[];
  /** True when a clause names a pre-release (then pre-releases may match). */
  allowsPre: boolean;
  text: string;
}

const CLAUSE = /^(===|==|!=|~=|<=|>=|<|>)\s*(\S+)$/;

function parseClause(raw: string): Clause | undefined {
  const m = CLAUSE.exec(raw.trim());
  if (!m?.[1] || !m[2]) return undefined;
  const op = m[1] as Operator;
  const text = m[2];
  if (op === '===') return { op, text };
  const prefix = text.endsWith('.*');
  if (prefix && op !== '==' && op !== '!=') return undefined;
  const version = parsePep440(prefix ? text.slice(0, -2) : text);
  if (!version) return undefined;
  if (prefix && (version.pre || version.post !== undefined || version.dev !== undefined || version.local)) {
    return undefined;
  }
  if (op === '~=' && version.release.length < 2) return undefined;
  if (version.local && op !== '==' && op !== '!=') return undefined;
  return { op, text, version, ...(prefix ? { prefix } : {}) };
}

/** Parses `>=1.2,<2,!=1.5.*`; `*` or an empty string match any version. Undefined if invalid. */
export function parsePep440Specifier(text: string): Pep440Specifier | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '*') return { clauses: [], allowsPre: false, text };
  const clauses: Clause[] = [];
  for (const part of trimmed.split(',')) {
    const clause = parseClause(part);
    if (!clause) return undefined;
    clauses.push(clause);
  }
  const allowsPre = clauses.some(
    (c) => c.op !== '!=' && c.version !== undefined && isPep440PreRelease(c.version),
  );
  return { clauses, allowsPre, text };
}

const publicOf = (v: Pep440Version): Pep440Version => ({ ...v, local: undefined });

function sameRelease(a: Pep440Version, b: Pep440Version): boolean {
  if (a.epoch !== b.epoch) return false;
  const len = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < len; i++) if ((a.release[i] ?? 0) !== (b.release[i] ?? 0)) return false;
  return true;
}

function prefixMatch(v: Pep440Version, prefix: Pep440Version): boolean {
  return v.epoch === prefix.epoch && prefix.release.every((n, i) => (v.release[i] ?? 0) === n);
}

function matches(v: Pep440Version, c: Clause): boolean {
  if (c.op === '===') return v.text.trim().toLowerCase() === c.text.toLowerCase();
  const s = c.version as Pep440Version;
  const cmp = comparePep440(s.local ? v : publicOf(v), s);
  switch (c.op) {
    case '==':
      return c.prefix ? prefixMatch(v, s) : cmp === 0;
    case '!=':
      return c.prefix ? !prefixMatch(v, s) : cmp !== 0;
    case '<=':
      return cmp <= 0;
    case '>=':
      return cmp >= 0;
    case '<':
      return cmp < 0 && !(!isPep440PreRelease(s) && isPep440PreRelease(v) && sameRelease(v, s));
    case '>':
      return cmp > 0 && !(s.post === undefined && v.post !== undefined && sameRelease(v, s));
    case '~=': {
      const prefix: Pep440Version = { epoch: s.epoch, release: s.release.slice(0, -1), text: '' };
      return cmp >= 0 && prefixMatch(v, prefix);
    }
  }
}

/**
 * True when `version` satisfies every clause. A pre-release matches only when a clause names a
 * pre-release (PEP 440: pre-releases are excluded unless asked for).
 */
export function satisfiesPep440(version: Pep440Version, spec: Pep440Specifier): boolean {
  if (isPep440PreRelease(version) && !spec.allowsPre) return false;
  return spec.clauses.every((c) => matches(version, c));
}
