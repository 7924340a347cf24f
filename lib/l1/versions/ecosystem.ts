import { normalizePythonName } from '../../artifacts/packages/wheel-name';
import { comparePep440, isPep440PreRelease, parsePep440 } from './pep440';
import { parsePep440Specifier, satisfiesPep440 } from './pep440-spec';
import { compareSemver, parseSemver } from './semver';
import { parseSemverRange, satisfiesSemver } from './semver-range';

/** The package ecosystems L1 understands, named as OSV names them. */
export type Ecosystem = 'PyPI' | 'npm';

/** Version arithmetic for one ecosystem: PEP 440 for PyPI, SemVer / npm ranges for npm. */
export interface VersionScheme {
  ecosystem: Ecosystem;
  /** Canonical package name (PEP 503 for PyPI; npm names are case-sensitive and kept). */
  normalizeName(name: string): string;
  isValid(version: string): boolean;
  /** Negative, 0 or positive; undefined when either version is invalid. */
  compare(a: string, b: string): number | undefined;
  /** True/false, or undefined when the version or the range is invalid. */
  satisfies(version: string, range: string): boolean | undefined;
  isValidRange(range: string): boolean;
  /** The first release segment (`2` of `2.31.0`), for major-version jumps. */
  major(version: string): number | undefined;
  /** PEP 440 a/b/rc/dev releases; SemVer versions with a pre-release part. */
  isPreRelease(version: string): boolean;
}

/** Parsed versions are memoised (bounded): a scan compares the same few versions many times. */
function memo<T>(parse: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (cache.has(text)) return cache.get(text) as T;
    if (cache.size >= 10000) cache.clear();
    const value = parse(text);
    cache.set(text, value);
    return value;
  };
}

const pep440 = memo(parsePep440);
const semver = memo(parseSemver);

const pypi: VersionScheme = {
  ecosystem: 'PyPI',
  normalizeName: normalizePythonName,
  isValid: (v) => pep440(v) !== undefined,
  compare(a, b) {
    const x = pep440(a);
    const y = pep440(b);
    return x && y ? comparePep440(x, y) : undefined;
  },
  satisfies(version, range) {
    const v = pep440(version);
    const spec = parsePep440Specifier(range);
    return v && spec ? satisfiesPep440(v, spec) : undefined;
  },
  isValidRange: (range) => parsePep440Specifier(range) !== undefined,
  major: (version) => pep440(version)?.release[0],
  isPreRelease(version) {
    const v = pep440(version);
    return v !== undefined && isPep440PreRelease(v);
  },
};

const npm: VersionScheme = {
  ecosystem: 'npm',
  normalizeName: (name) => name,
  isValid: (v) => semver(v) !== undefined,
  compare(a, b) {
    const x = semver(a);
    const y = semver(b);
    return x && y ? compareSemver(x, y) : undefined;
  },
  satisfies(version, range) {
    const v = semver(version);
    const r = parseSemverRange(range);
    return v && r ? satisfiesSemver(v, r) : undefined;
  },
  isValidRange: (range) => parseSemverRange(range) !== undefined,
  major: (version) => semver(version)?.major,
  isPreRelease: (version) => (semver(version)?.pre.length ?? 0) > 0,
};

export function versionScheme(ecosystem: Ecosystem): VersionScheme {
  return ecosystem === 'PyPI' ? pypi : npm;
}
