import type { PackageDependency } from './types';

/**
 * One PEP 508 `Requires-Dist` value: `name[extras] (spec) ; marker` or `name @ url ; marker`.
 * Dependencies behind an `extra == '…'` marker are optional (only for that extra).
 */
export function parseRequiresDist(value: string): PackageDependency | undefined {
  const semi = value.indexOf(';');
  const requirement = (semi < 0 ? value : value.slice(0, semi)).trim();
  const marker = semi < 0 ? '' : value.slice(semi + 1).trim();
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/.exec(requirement);
  if (!match) return undefined;
  const [, name = '', extras, rest = ''] = match;
  let spec = rest.trim();
  if (spec.startsWith('(') && spec.endsWith(')')) spec = spec.slice(1, -1).trim();
  if (extras) spec = `${extras}${spec === '' ? '' : ` ${spec}`}`;
  return {
    name,
    spec,
    ...(marker === '' ? {} : { marker }),
    ...(/\bextra\s*==/.test(marker) ? { optional: true } : {}),
  };
}
