import { SystemdError } from './systemd-errors';

/** Unit types systemd knows (systemd.unit(5)); a unit name ends in `.<one of these>`. */
export const UNIT_TYPES = [
  'service',
  'socket',
  'device',
  'mount',
  'automount',
  'swap',
  'target',
  'path',
  'timer',
  'slice',
  'scope',
] as const;

/**
 * The rule a name broke. The first six are systemd's own (`unit_name_is_valid()` in
 * src/basic/unit-name.c); the last three are what the driver adds on top.
 */
export type UnitNameRule =
  | 'empty' // a unit name is not empty
  | 'length' // at most 255 characters (UNIT_NAME_MAX is 256 with the NUL)
  | 'suffix' // ends in `.<type>` with a known unit type
  | 'charset' // before the suffix only ASCII letters, digits, `:`, `-`, `_`, `.`, `\` (and `@`)
  | 'prefix' // a non-empty prefix: the name does not start with `.` or `@`
  | 'instance' // a template `foo@.service` names no unit that can run: it needs an instance
  | 'service-type' // the service driver manages `.service` units only
  | 'leading-dash'; // a name starting with `-` would be read by systemctl as an option

const RULE_TEXT: Record<UnitNameRule, string> = {
  empty: 'a unit name is not empty',
  length: 'a unit name has at most 255 characters',
  suffix: `a unit name ends in .<type> (${UNIT_TYPES.join(', ')})`,
  charset: 'a unit name has only ASCII letters, digits, ":", "-", "_", ".", "\\" and "@" before its type',
  prefix: 'a unit name does not start with "." or "@"',
  instance: 'a template (name@.type) cannot be started; give an instance (name@instance.type)',
  'service-type': 'the service driver manages .service units only',
  'leading-dash': 'a unit name starting with "-" would be taken for a systemctl option',
};

const CHARSET = /^[A-Za-z0-9:\-_.\\@]+$/;

/** The broken rule, or undefined for a valid unit name (any type; templates allowed). */
export function unitNameViolation(name: string): UnitNameRule | undefined {
  if (name.length === 0) return 'empty';
  if (name.length > 255) return 'length';
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return dot === 0 ? 'prefix' : 'suffix';
  if (!(UNIT_TYPES as readonly string[]).includes(name.slice(dot + 1))) return 'suffix';
  const stem = name.slice(0, dot);
  if (!CHARSET.test(stem)) return 'charset';
  if (stem.startsWith('@')) return 'prefix';
  return undefined;
}

function refuse(name: string, rule: UnitNameRule): never {
  throw new SystemdError('SYSTEMD_UNIT_INVALID', `unit ${JSON.stringify(name)}: ${RULE_TEXT[rule]}`, {
    details: { unit: name, rule },
  });
}

/** A unit the driver may start, stop and write drop-ins for: a valid, non-template `.service`. */
export function checkServiceUnit(name: string): string {
  const rule = unitNameViolation(name);
  if (rule) refuse(name, rule);
  if (!name.endsWith('.service')) refuse(name, 'service-type');
  if (name.startsWith('-')) refuse(name, 'leading-dash');
  if (name.endsWith('@.service')) refuse(name, 'instance');
  return name;
}
