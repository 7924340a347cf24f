import type { HaleConfigV1 } from '../../schemas/types.generated';
import { envValue } from './env';
import type { ConfigProblem } from './errors';
import type { RawHost } from './hosts';
import { problemAt, type Where } from './validate';

const HOST_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * Checks what the schema cannot: unique host ids and service names, every service's host is a
 * listed host, and HALE_HOST_ID (when set) names a listed host.
 */
export function checkReferences(
  services: NonNullable<HaleConfigV1['services']>,
  hosts: readonly RawHost[],
  where: Where,
  env: NodeJS.ProcessEnv,
): ConfigProblem | undefined {
  const hostIdEnv = envValue(env, 'HALE_HOST_ID');
  if (hostIdEnv !== undefined && !HOST_ID.test(hostIdEnv)) {
    return {
      code: 'CONFIG_INVALID',
      text: `must match ${HOST_ID.source}`,
      details: { field: 'HALE_HOST_ID', variable: 'HALE_HOST_ID', rule: 'pattern' },
    };
  }
  const hostIds = hosts.map((h) => h.id);
  const dupHost = hostIds.findIndex((id, i) => hostIds.indexOf(id) !== i);
  if (dupHost >= 0) {
    return problemAt(
      where,
      ['hosts', String(dupHost), 'id'],
      `duplicates host id "${hostIds[dupHost]}"`,
      'unique',
    );
  }
  const names = services.map((s) => s.name);
  const dupName = names.findIndex((n, i) => names.indexOf(n) !== i);
  if (dupName >= 0) {
    return problemAt(
      where,
      ['services', String(dupName), 'name'],
      `duplicates service name "${names[dupName]}"`,
      'unique',
    );
  }
  const listed = hostIds.join(', ');
  const orphan = services.findIndex((s) => !hostIds.includes(s.host));
  if (orphan >= 0) {
    const host = JSON.stringify(services[orphan]?.host);
    return problemAt(
      where,
      ['services', String(orphan), 'host'],
      `must be a listed host id, got ${host} (hosts: ${listed})`,
      'reference',
    );
  }
  if (hostIdEnv !== undefined && !hostIds.includes(hostIdEnv)) {
    return {
      code: 'CONFIG_INVALID',
      text: `must be a listed host id, got ${JSON.stringify(hostIdEnv.slice(0, 63))} (hosts: ${listed})`,
      details: { field: 'HALE_HOST_ID', variable: 'HALE_HOST_ID', rule: 'reference' },
    };
  }
  return undefined;
}
