import { compareSemver, parseSemver, sameTuple, type SemVer } from './semver';

type Op = '<' | '<=' | '>' | '>=' | '=';
interface Comparator {
  op: Op;
  version: SemVer;
}
/** `||`-separated sets of comparators that must all hold. */
export interface SemverRange {
  sets: Comparator[][];
  text: string;
}

/** A partial version: `1`, `1.2`, `1.x`, `1.2.*`, `*`, `1.2.3-rc.1`. */
interface Partial {
  major?: number;
  minor?: number;
  patch?: number;
  pre: string;
}

const WILD = /^(?:x|X|\*)$/;
const PARTIAL =
  /^[v=]*(\d+|x|X|\*)(?:\.(\d+|x|X|\*)(?:\.(\d+|x|X|\*)(?:-([0-9A-Za-z.-]+))?)?)?(?:\+[0-9A-Za-z.-]+)?$/;

function parsePartial(text: string): Partial | undefined {
  const m = PARTIAL.exec(text);
  if (!m) return undefined;
  const num = (s: string | undefined): number | undefined =>
    s === undefined || WILD.test(s) ? undefined : Number(s);
  const major = num(m[1]);
  const minor = major === undefined ? undefined : num(m[2]);
  const patch = minor === undefined ? undefined : num(m[3]);
  return { major, minor, patch, pre: patch === undefined ? '' : (m[4] ?? '') };
}

function v(major: number, minor: number, patch: number, pre = ''): SemVer {
  const text = `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}`;
  return parseSemver(text) as SemVer;
}

const lower = (p: Partial): SemVer => v(p.major ?? 0, p.minor ?? 0, p.patch ?? 0, p.pre);

/** The first version above a partial (`1.2` → `1.3.0-0`), or undefined for `*`. */
function upperExclusive(p: Partial): SemVer | undefined {
  if (p.major === undefined) return undefined;
  if (p.minor === undefined) return v(p.major + 1, 0, 0, '0');
  return v(p.major, p.minor + 1, 0, '0');
}

function xRange(p: Partial): Comparator[] {
  if (p.major === undefined) return [{ op: '>=', version: v(0, 0, 0) }];
  if (p.patch !== undefined) return [{ op: '=', version: lower(p) }];
  return [
    { op: '>=', version: lower(p) },
    { op: '<', version: upperExclusive(p) as SemVer },
  ];
}

function tilde(p: Partial): Comparator[] {
  if (p.major === undefined) return xRange(p);
  const upper = p.minor === undefined ? v(p.major + 1, 0, 0, '0') : v(p.major, p.minor + 1, 0, '0');
  return [
    { op: '>=', version: lower(p) },
    { op: '<', version: upper },
  ];
}

function caret(p: Partial): Comparator[] {
  if (p.major === undefined) return xRange(p);
  let upper: SemVer;
  if (p.major > 0 || p.minor === undefined) upper = v(p.major + 1, 0, 0, '0');
  else if (p.minor > 0 || p.patch === undefined) upper = v(0, p.minor + 1, 0, '0');
  else upper = v(0, 0, p.patch + 1, '0');
  return [
    { op: '>=', version: lower(p) },
    { op: '<', version: upper },
  ];
}

function primitive(op: Op, p: Partial): Comparator[] | undefined {
  if (p.patch !== undefined) return [{ op, version: lower(p) }];
  if (op === '=') return xRange(p);
  if (p.major === undefined)
    return op === '<' || op === '>' ? [{ op: '<', version: v(0, 0, 0, '0') }] : xRange(p);
  const up = upperExclusive(p) as SemVer;
  if (op === '>') return [{ op: '>=', version: v(up.major, up.minor, up.patch) }];
  if (op === '<=') return [{ op: '<', version: up }];
  if (op === '<') return [{ op: '<', version: lower({ ...p, pre: '0' }) }];
  return [{ op: '>=', version: lower(p) }];
}

function hyphen(from: Partial, to: Partial): Comparator[] {
  const out: Comparator[] = from.major === undefined ? [] : [{ op: '>=', version: lower(from) }];
  if (to.major === undefined) return out.length ? out : xRange(to);
  if (to.patch !== undefined) return [...out, { op: '<=', version: lower(to) }];
  return [...out, { op: '<', version: upperExclusive(to) as SemVer }];
}

function parseSet(text: string): Comparator[] | undefined {
  const hy = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(text);
  if (hy?.[1] && hy[2]) {
    const from = parsePartial(hy[1]);
    const to = parsePartial(hy[2]);
    return from && to ? hyphen(from, to) : undefined;
  }
  const tokens = text
    .replace(/(\^|~>?|>=|<=|>|<|=)\s+/g, '$1')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (tokens.length === 0) return xRange({ pre: '' });
  const out: Comparator[] = [];
  for (const token of tokens) {
    const m = /^(\^|~>?|>=|<=|>|<|=)?(.*)$/.exec(token);
    const partial = parsePartial(m?.[2] ?? '');
    if (!partial) return undefined;
    const op = m?.[1];
    const part =
      op === '^'
        ? caret(partial)
        : op?.startsWith('~')
          ? tilde(partial)
          : op
            ? primitive(op as Op, partial)
            : xRange(partial);
    if (!part) return undefined;
    out.push(...part);
  }
  return out;
}

/** Parses npm range syntax: `^ ~ >= <= > < =`, x-ranges, hyphen ranges, `||`. Undefined if invalid. */
export function parseSemverRange(text: string): SemverRange | undefined {
  const sets: Comparator[][] = [];
  for (const part of text.split('||')) {
    const set = parseSet(part);
    if (!set) return undefined;
    sets.push(set);
  }
  return { sets, text };
}

function holds(version: SemVer, { op, version: bound }: Comparator): boolean {
  const c = compareSemver(version, bound);
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : c === 0;
}

/**
 * npm's `satisfies`: some set holds entirely; a pre-release version counts only when a
 * comparator of that set names a pre-release of the same major.minor.patch.
 */
export function satisfiesSemver(version: SemVer, range: SemverRange): boolean {
  return range.sets.some((set) => {
    if (!set.every((c) => holds(version, c))) return false;
    if (version.pre.length === 0) return true;
    return set.some((c) => c.version.pre.length > 0 && sameTuple(c.version, version));
  });
}
