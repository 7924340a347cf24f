import path from 'node:path';
import type { ConfigProblem } from './errors';

type Kind = 'port' | 'string' | 'dir';

/** Environment variables that override hale.yaml, and the field each one sets. */
export const ENV_OVERRIDES: ReadonlyArray<{ variable: string; segments: readonly string[]; kind: Kind }> = [
  { variable: 'HALE_DATA_DIR', segments: ['data_dir'], kind: 'dir' },
  { variable: 'HALE_API_HOST', segments: ['api', 'host'], kind: 'string' },
  { variable: 'HALE_API_PORT', segments: ['api', 'port'], kind: 'port' },
  { variable: 'TEMPORAL_ADDRESS', segments: ['temporal', 'address'], kind: 'string' },
  { variable: 'TEMPORAL_NAMESPACE', segments: ['temporal', 'namespace'], kind: 'string' },
  { variable: 'HALE_TEMPORAL_HOST', segments: ['temporal', 'host'], kind: 'string' },
  { variable: 'HALE_TEMPORAL_PORT', segments: ['temporal', 'port'], kind: 'port' },
  { variable: 'HALE_TEMPORAL_UI_PORT', segments: ['temporal', 'ui_port'], kind: 'port' },
  { variable: 'DATABASE_URL', segments: ['database', 'url'], kind: 'string' },
];

export interface AppliedOverride {
  variable: string;
  segments: readonly string[];
  /** Whether the value may be shown in messages (DATABASE_URL may hold a password). */
  shown: string | undefined;
}

/** An env value: unset and empty both mean "no override". */
export function envValue(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const value = env[variable];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function setIn(target: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const child = node[segment];
    if (child === null || typeof child !== 'object' || Array.isArray(child)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  const last = segments[segments.length - 1];
  if (last !== undefined) node[last] = value;
}

/**
 * Writes the env overrides into `data` (a validated hale.yaml document; it is mutated) and returns
 * the ones applied, or a problem for a value that cannot even be converted (a non-numeric port).
 * Range and pattern checks are left to the schema, which the caller runs again afterwards.
 * HALE_DATA_DIR is resolved against `cwd`, not the config file's directory.
 */
export function applyEnvOverrides(
  data: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  cwd: string,
): AppliedOverride[] | ConfigProblem {
  const applied: AppliedOverride[] = [];
  for (const { variable, segments, kind } of ENV_OVERRIDES) {
    const raw = envValue(env, variable);
    if (raw === undefined) continue;
    let value: string | number = raw;
    if (kind === 'port') {
      if (!/^[0-9]{1,5}$/.test(raw)) {
        return {
          code: 'CONFIG_INVALID',
          text: `must be a port number (1-65535), got ${JSON.stringify(raw.slice(0, 40))}`,
          details: { field: variable, variable, rule: 'type' },
        };
      }
      value = Number(raw);
    } else if (kind === 'dir') {
      value = path.resolve(cwd, raw);
    }
    setIn(data, segments, value);
    applied.push({ variable, segments, shown: kind === 'port' ? raw : undefined });
  }
  return applied;
}

/** The override responsible for a schema failure at `segments`, if any. */
export function overrideAt(
  applied: readonly AppliedOverride[],
  segments: readonly string[],
): AppliedOverride | undefined {
  return applied.find((o) => o.segments.every((s, i) => segments[i] === s));
}
