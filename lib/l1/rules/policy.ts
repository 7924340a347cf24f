import type { LockedPackage } from '../../artifacts/lockfiles';
import { L1Error } from '../errors';
import type { L1ServicePolicy } from '../types';
import type { VersionScheme } from '../versions/ecosystem';

/** One broken rule, named so a reader can find it: `security-floor: urllib3 1.26.4 < 1.26.18`. */
export interface RuleFinding {
  rule:
    'hash-pinned' | 'security-floor' | 'allowed-range' | 'version-valid' | 'config-parse' | 'config-secrets';
  message: string;
  ref?: string;
}

/**
 * Checks that a policy's package names and versions/ranges are valid for the ecosystem. Throws
 * L1Error L1_CONFIG_INVALID naming the field, e.g. `policy.allowed_ranges.requests`.
 */
export function validateServicePolicy(
  policy: L1ServicePolicy,
  scheme: VersionScheme,
  field = 'policy',
): void {
  const check = (
    map: Record<string, string> | undefined,
    key: string,
    valid: (v: string) => boolean,
  ): void => {
    for (const [name, value] of Object.entries(map ?? {})) {
      if (typeof value !== 'string' || !valid(value)) {
        const what = key === 'allowed_ranges' ? 'range' : 'version';
        throw new L1Error(
          'L1_CONFIG_INVALID',
          `${field}.${key}.${name}: ${JSON.stringify(value)} is not a valid ${scheme.ecosystem} ${what}`,
          { details: { field: `${field}.${key}.${name}` } },
        );
      }
    }
  };
  check(policy.allowed_ranges, 'allowed_ranges', (r) => scheme.isValidRange(r));
  check(policy.security_floor, 'security_floor', (v) => scheme.isValid(v));
}

function byName(map: Record<string, string> | undefined, scheme: VersionScheme): Map<string, string> {
  return new Map(Object.entries(map ?? {}).map(([name, value]) => [scheme.normalizeName(name), value]));
}

/**
 * Security floor and allowed ranges for every package of the new lock. A package below its floor
 * is refused whether or not the change lowered it (the reason says which).
 */
export function checkPolicy(
  next: LockedPackage[],
  previous: LockedPackage[],
  policy: L1ServicePolicy,
  scheme: VersionScheme,
  lockName: string,
): RuleFinding[] {
  const floors = byName(policy.security_floor, scheme);
  const ranges = byName(policy.allowed_ranges, scheme);
  const before = new Map(previous.map((p) => [scheme.normalizeName(p.name), p.version]));
  const findings: RuleFinding[] = [];
  for (const pkg of next) {
    const name = scheme.normalizeName(pkg.name);
    const at = `${lockName}:${pkg.line}`;
    if (!scheme.isValid(pkg.version)) {
      findings.push({
        rule: 'version-valid',
        message: `${at}: ${pkg.name} ${pkg.version} is not a valid ${scheme.ecosystem} version`,
      });
      continue;
    }
    const floor = floors.get(name);
    if (floor !== undefined && (scheme.compare(pkg.version, floor) ?? -1) < 0) {
      const old = before.get(name);
      const how =
        old === undefined
          ? 'newly locked'
          : old === pkg.version
            ? 'unchanged, already below'
            : `lowered from ${old}`;
      findings.push({
        rule: 'security-floor',
        message: `${at}: ${pkg.name} ${pkg.version} is below the security floor ${floor} (${how})`,
      });
    }
    const range = ranges.get(name);
    if (range !== undefined && scheme.satisfies(pkg.version, range) !== true) {
      findings.push({
        rule: 'allowed-range',
        message: `${at}: ${pkg.name} ${pkg.version} is outside the allowed range "${range}"`,
      });
    }
  }
  return findings;
}
