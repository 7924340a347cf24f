import path from 'node:path';
import type { HaleConfigV1 } from '../../schemas/types.generated';
import { normalizeBlueGreen, type DefaultedBlueGreen } from './blue-green';
import type { RawHost } from './hosts';
import type { HaleConfig, PipelineConfig, ServiceConfig } from './types';

type RawService = NonNullable<HaleConfigV1['services']>[number];

/** What schemas/hale-config.v1.schema.json's defaults guarantee once Ajv (useDefaults) has run. */
export interface Defaulted {
  data_dir: string;
  api: { host: string; port: number };
  temporal: { address?: string; namespace: string; host: string; port: number; ui_port: number };
  database: { url?: string };
  hosts?: RawHost[];
  services: RawService[];
  runner: { rbac_policy?: string; control_keys: string[] };
  pipeline: {
    request_keys: string[];
    require_signed_requests: boolean;
    governance: { bundle?: string; trusted_keys: string[]; environment?: string };
  };
  artifact_store: {
    path?: string;
    trust_policy?: string;
    index_lifetime_days: number;
    mirrors: string[];
    cache_warm_cron: string;
  };
  ledger: { checkpoint_every_entries: number; checkpoint_every_seconds: number };
}

/** Resolves a path written in hale.yaml against the config directory (absolute POSIX or Windows paths stay). */
function resolveFrom(dir: string, p: string): string {
  return path.isAbsolute(p) || path.win32.isAbsolute(p) ? p : path.resolve(dir, p);
}

function service(raw: RawService, configDir: string): ServiceConfig {
  const slo = raw.slo ?? {};
  return {
    name: raw.name,
    host: raw.host,
    kind: raw.kind,
    installPath: resolveFrom(configDir, raw.install_path),
    startCommand: Array.isArray(raw.start_command) ? [...raw.start_command] : raw.start_command,
    healthUrl: raw.health_url,
    audit: raw.audit ?? [],
    slo: {
      ...(slo.api_p95_ms === undefined ? {} : { apiP95Ms: slo.api_p95_ms }),
      ...(slo.api_p99_ms === undefined ? {} : { apiP99Ms: slo.api_p99_ms }),
      ...(slo.error_rate === undefined ? {} : { errorRate: slo.error_rate }),
      ...(slo.availability === undefined ? {} : { availability: slo.availability }),
    },
    ...(raw.blue_green ? { blueGreen: normalizeBlueGreen(raw.blue_green as DefaultedBlueGreen) } : {}),
  };
}

function pipeline(raw: Defaulted['pipeline'], configDir: string): PipelineConfig {
  const bundle = raw.governance.bundle;
  return {
    requestKeys: raw.request_keys.map((k) => resolveFrom(configDir, k)),
    requireSignedRequests: raw.require_signed_requests,
    governance: {
      ...(bundle === undefined ? {} : { bundle: resolveFrom(configDir, bundle) }),
      trustedKeys: raw.governance.trusted_keys.map((k) => resolveFrom(configDir, k)),
      ...(raw.governance.environment === undefined ? {} : { environment: raw.governance.environment }),
    },
  };
}

export interface NormalizeContext {
  file: string | undefined;
  configDir: string;
  hosts: readonly RawHost[];
  hostId: string;
}

/** The validated snake_case document → the camelCase HaleConfig with absolute paths. */
export function normalize(data: Defaulted, ctx: NormalizeContext): HaleConfig {
  const dataDir = resolveFrom(ctx.configDir, data.data_dir);
  const artifacts = data.artifact_store.path;
  return {
    configFile: ctx.file,
    dataDir,
    ledger: {
      checkpointEveryEntries: data.ledger.checkpoint_every_entries,
      checkpointEverySeconds: data.ledger.checkpoint_every_seconds,
    },
    api: { host: data.api.host, port: data.api.port },
    temporal: {
      address: data.temporal.address,
      namespace: data.temporal.namespace,
      host: data.temporal.host,
      port: data.temporal.port,
      uiPort: data.temporal.ui_port,
    },
    database: { url: data.database.url },
    hosts: ctx.hosts.map((h) => ({ id: h.id, os: h.os, labels: { ...h.labels } })),
    services: data.services.map((s) => service(s, ctx.configDir)),
    artifactStore: {
      path: artifacts === undefined ? path.join(dataDir, 'artifacts') : resolveFrom(ctx.configDir, artifacts),
      trustPolicy:
        data.artifact_store.trust_policy === undefined
          ? undefined
          : resolveFrom(ctx.configDir, data.artifact_store.trust_policy),
      indexLifetimeDays: data.artifact_store.index_lifetime_days,
      mirrors: data.artifact_store.mirrors.map((m) => resolveFrom(ctx.configDir, m)),
      cacheWarmCron: data.artifact_store.cache_warm_cron,
    },
    runner: {
      rbacPolicy:
        data.runner.rbac_policy === undefined
          ? undefined
          : resolveFrom(ctx.configDir, data.runner.rbac_policy),
      controlKeys: data.runner.control_keys.map((k) => resolveFrom(ctx.configDir, k)),
    },
    pipeline: pipeline(data.pipeline, ctx.configDir),
    hostId: ctx.hostId,
  };
}
