import type { LockedPackage } from '../../artifacts/lockfiles';
import { versionScheme, type Ecosystem, type VersionScheme } from '../versions/ecosystem';
import { compareSemver, parseSemver } from '../versions/semver';
import type { OsvAffected, OsvEvent, OsvRange, OsvRecord, OsvSnapshot } from './osv-types';
import type { SeverityLevel } from './severity';

export interface OsvMatch {
  package: string;
  version: string;
  record: OsvRecord;
  /** The affected item's own severity, else the record's; undefined when neither says. */
  severity?: SeverityLevel;
  /** How it matched: `versions[]`, `range` (with the events), or `unevaluable` (bad range data). */
  how: 'versions' | 'range' | 'unevaluable';
  detail: string;
}

type Compare = (a: string, b: string) => number | undefined;

function comparatorFor(range: OsvRange, scheme: VersionScheme): Compare {
  if (range.type === 'SEMVER') {
    return (a, b) => {
      const x = parseSemver(a);
      const y = parseSemver(b);
      return x && y ? compareSemver(x, y) : undefined;
    };
  }
  return (a, b) => scheme.compare(a, b);
}

const eventVersion = (e: OsvEvent): string => e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '';

/**
 * OSV's evaluation of one range: events in version order ("0" first); `introduced` ≤ v makes v
 * affected, `fixed` ≤ v or `last_affected` < v makes it unaffected again. Undefined when a
 * version cannot be compared.
 */
export function inRange(version: string, range: OsvRange, scheme: VersionScheme): boolean | undefined {
  const cmp = comparatorFor(range, scheme);
  const events = range.events.filter((e) => e.limit === undefined);
  const valid = events.every(
    (e) => e.introduced === '0' || cmp(eventVersion(e), eventVersion(e)) !== undefined,
  );
  if (!valid || cmp(version, version) === undefined) return undefined;
  const order = (a: OsvEvent, b: OsvEvent): number => {
    if (a.introduced === '0' || b.introduced === '0')
      return a.introduced === '0' ? (b.introduced === '0' ? 0 : -1) : 1;
    return (cmp(eventVersion(a), eventVersion(b)) as number) || (a.introduced !== undefined ? -1 : 1);
  };
  let affected = false;
  for (const e of [...events].sort(order)) {
    if (e.introduced !== undefined) {
      if (e.introduced === '0' || (cmp(version, e.introduced) as number) >= 0) affected = true;
    } else if (e.fixed !== undefined) {
      if ((cmp(version, e.fixed) as number) >= 0) affected = false;
    } else if (e.last_affected !== undefined && (cmp(version, e.last_affected) as number) > 0) {
      affected = false;
    }
  }
  return affected;
}

function describeEvents(range: OsvRange): string {
  return range.events
    .map((e) =>
      Object.entries(e)
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(''),
    )
    .join(', ');
}

function matchOne(
  pkg: LockedPackage,
  affected: OsvAffected,
  record: OsvRecord,
  scheme: VersionScheme,
): OsvMatch | undefined {
  const base = { package: pkg.name, version: pkg.version, record };
  const severity = affected.severity ?? record.severity;
  const withSeverity = severity ? { severity } : {};
  if (affected.versions.some((v) => v === pkg.version || scheme.compare(v, pkg.version) === 0)) {
    return { ...base, ...withSeverity, how: 'versions', detail: `${pkg.version} is listed in versions[]` };
  }
  for (const range of affected.ranges) {
    if (range.type === 'GIT') continue;
    const hit = inRange(pkg.version, range, scheme);
    if (hit === undefined) {
      return {
        ...base,
        ...withSeverity,
        how: 'unevaluable',
        detail: `${range.type} range (${describeEvents(range)}) cannot be compared with ${pkg.version}`,
      };
    }
    if (hit)
      return {
        ...base,
        ...withSeverity,
        how: 'range',
        detail: `${range.type} range ${describeEvents(range)}`,
      };
  }
  return undefined;
}

/** Every (locked package, OSV record) pair where the locked version is affected. */
export function matchOsv(packages: LockedPackage[], ecosystem: Ecosystem, snapshot: OsvSnapshot): OsvMatch[] {
  const scheme = versionScheme(ecosystem);
  const out: OsvMatch[] = [];
  for (const pkg of packages) {
    const candidates = snapshot.byPackage.get(`${ecosystem}:${scheme.normalizeName(pkg.name)}`) ?? [];
    for (const { record, affected } of candidates) {
      const hit = matchOne(pkg, affected, record, scheme);
      if (hit) out.push(hit);
    }
  }
  return out;
}
