/** SemVer 2.0 versions as npm reads them (a leading `v` or `=` is allowed; build metadata ignored). */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (`1.0.0-rc.1` → ['rc', 1]). */
  pre: (string | number)[];
  text: string;
}

const NUM = '0|[1-9]\\d*';
const IDENT = `(?:${NUM}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(
  `^[v=\\s]*(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`,
);

function identifiers(pre: string | undefined): (string | number)[] {
  if (!pre) return [];
  return pre.split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id));
}

/** Parses `1.2.3`, `v1.2.3-rc.1+build.5`; undefined when not a full SemVer. */
export function parseSemver(text: string): SemVer | undefined {
  const m = SEMVER.exec(text.trim());
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  const version = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  if (!Object.values(version).every(Number.isSafeInteger)) return undefined;
  return { ...version, pre: identifiers(m[4]), text };
}

function compareIds(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SemVer precedence: negative, 0 or positive (a release sorts after its pre-releases). */
export function compareSemver(a: SemVer, b: SemVer): number {
  const main = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (main !== 0) return Math.sign(main);
  if (a.pre.length === 0 || b.pre.length === 0) return Math.sign(b.pre.length - a.pre.length);
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const c = compareIds(x, y);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

export function sameTuple(a: SemVer, b: SemVer): boolean {
  return a.major === b.major && a.minor === b.minor && a.patch === b.patch;
}
