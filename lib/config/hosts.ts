import os from 'node:os';
import type { HaleConfigV1 } from '../../schemas/types.generated';
import { envValue } from './env';
import type { HostOs } from './types';

export type RawHost = NonNullable<HaleConfigV1['hosts']>[number];

export function platformOs(platform: NodeJS.Platform = process.platform): HostOs {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'macos';
  return 'linux';
}

/** A valid host id made from a machine name (`My Box.local` → `My-Box.local`). */
export function hostIdFromName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63);
  return cleaned === '' ? 'local' : cleaned;
}

/** The one host used when hale.yaml lists none: this machine (id from HALE_HOST_ID or the hostname). */
export function localHost(env: NodeJS.ProcessEnv): RawHost {
  return { id: envValue(env, 'HALE_HOST_ID') ?? hostIdFromName(os.hostname()), os: platformOs(), labels: {} };
}

function matchesHostname(id: string, hostname: string): boolean {
  const name = hostname.toLowerCase();
  const lower = id.toLowerCase();
  return lower === name || lower === name.split('.')[0];
}

/** This machine's host id: the first host named like os.hostname() (full or short), else the first host. */
export function pickHostId(hosts: readonly RawHost[], hostname: string = os.hostname()): string | undefined {
  return (hosts.find((h) => matchesHostname(h.id, hostname)) ?? hosts[0])?.id;
}
