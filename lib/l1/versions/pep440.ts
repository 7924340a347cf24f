/**
 * The subset of PEP 440 Hale needs: parsing (with the spec's normalisations), ordering of
 * release segments, pre-, post- and dev-releases, and version specifiers
 * (`==`, `!=`, `<`, `<=`, `>`, `>=`, `~=`, `===`, `==1.2.*`).
 */

export interface Pep440Version {
  epoch: number;
  release: number[];
  pre?: { label: 'a' | 'b' | 'rc'; n: number };
  post?: number;
  dev?: number;
  local?: (number | string)[];
  /** The text as given. */
  text: string;
}

/** packaging's VERSION_PATTERN (PEP 440 appendix B), lower-cased input. */
const VERSION = new RegExp(
  [
    '^v?',
    '(?:(?<epoch>\\d+)!)?',
    '(?<release>\\d+(?:\\.\\d+)*)',
    '(?<pre>[-_.]?(?<preL>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?<preN>\\d+)?)?',
    '(?<post>-(?<postN1>\\d+)|[-_.]?(?:post|rev|r)[-_.]?(?<postN2>\\d+)?)?',
    '(?<dev>[-_.]?dev[-_.]?(?<devN>\\d+)?)?',
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$',
  ].join(''),
);

function preLabel(label: string): 'a' | 'b' | 'rc' {
  if (label === 'a' || label === 'alpha') return 'a';
  if (label === 'b' || label === 'beta') return 'b';
  return 'rc';
}

/** Parses a PEP 440 version (case-insensitive, surrounding spaces allowed); undefined if invalid. */
export function parsePep440(text: string): Pep440Version | undefined {
  const g = VERSION.exec(text.trim().toLowerCase())?.groups;
  if (!g?.release) return undefined;
  const version: Pep440Version = {
    epoch: g.epoch ? Number(g.epoch) : 0,
    release: g.release.split('.').map(Number),
    text,
  };
  if (g.pre !== undefined && g.preL) version.pre = { label: preLabel(g.preL), n: Number(g.preN ?? 0) };
  if (g.post !== undefined) version.post = Number(g.postN1 ?? g.postN2 ?? 0);
  if (g.dev !== undefined) version.dev = Number(g.devN ?? 0);
  if (g.local) version.local = g.local.split(/[-_.]/).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return version;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRelease(a: number[], b: number[]): number {
  const len = Math.max(a.length, b.length);
  for (let i = 0; i < len; i++) {
    const c = compareNumbers(a[i] ?? 0, b[i] ?? 0);
    if (c !== 0) return c;
  }
  return 0;
}

const PRE_ORDER = { a: 0, b: 1, rc: 2 } as const;

/** Sort key of the pre-release part: a dev-only release sorts before any pre-release. */
function preKey(v: Pep440Version): [number, number] {
  if (!v.pre && v.post === undefined && v.dev !== undefined) return [-Infinity, 0];
  if (!v.pre) return [Infinity, 0];
  return [PRE_ORDER[v.pre.label], v.pre.n];
}

function compareLocal(a: Pep440Version['local'], b: Pep440Version['local']): number {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (typeof x !== typeof y) return typeof x === 'number' ? 1 : -1;
    const c = typeof x === 'number' ? compareNumbers(x, y as number) : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return 0;
}

/** PEP 440 ordering: negative, 0 or positive. */
export function comparePep440(a: Pep440Version, b: Pep440Version): number {
  const [ap, an] = preKey(a);
  const [bp, bn] = preKey(b);
  return (
    compareNumbers(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    compareNumbers(ap, bp) ||
    compareNumbers(an, bn) ||
    compareNumbers(a.post ?? -Infinity, b.post ?? -Infinity) ||
    compareNumbers(a.dev ?? Infinity, b.dev ?? Infinity) ||
    compareLocal(a.local, b.local)
  );
}

export function isPep440PreRelease(v: Pep440Version): boolean {
  return v.pre !== undefined || v.dev !== undefined;
}

/** The public version (no local label), in normal form: `1!2.0rc1.post2.dev3`. */
export function formatPep440(v: Pep440Version): string {
  let out = `${v.epoch ? `${v.epoch}!` : ''}${v.release.join('.')}`;
  if (v.pre) out += `${v.pre.label}${v.pre.n}`;
  if (v.post !== undefined) out += `.post${v.post}`;
  if (v.dev !== undefined) out += `.dev${v.dev}`;
  return out;
}
