export type HostOs = 'linux' | 'windows' | 'macos';
export type ServiceKind = 'python' | 'node';

export interface HostConfig {
  id: string;
  os: HostOs;
  labels: Record<string, string>;
}

/** Service objectives (hale.yaml `slo`, camelCased). */
export interface ServiceSlo {
  apiP95Ms?: number;
  apiP99Ms?: number;
  errorRate?: number;
  availability?: number;
}

export interface ServiceConfig {
  name: string;
  /** id of one of `HaleConfig.hosts`. */
  host: string;
  kind: ServiceKind;
  /** Absolute when written relative in hale.yaml (resolved against the config file's directory). */
  installPath: string;
  /** A string is run by the shell; an array is executed directly (argv). */
  startCommand: string | string[];
  healthUrl: string | undefined;
  /** Modules that must import (Python) or require (Node) in a new environment before it is used. */
  audit: string[];
  slo: ServiceSlo;
}

/** The effective site configuration: hale.yaml (or built-in defaults) plus environment overrides. */
export interface HaleConfig {
  /** Absolute path of the file loaded; undefined when running on built-in defaults. */
  configFile: string | undefined;
  /** Absolute. */
  dataDir: string;
  /** When the evidence ledger writes signed checkpoints. */
  ledger: { checkpointEveryEntries: number; checkpointEverySeconds: number };
  api: { host: string; port: number };
  temporal: {
    /** host:port of an existing Temporal server; when set Hale connects there and starts nothing. */
    address: string | undefined;
    namespace: string;
    host: string;
    port: number;
    uiPort: number;
  };
  /** url undefined: embedded database under dataDir. */
  database: { url: string | undefined };
  hosts: HostConfig[];
  services: ServiceConfig[];
  /** Paths are absolute. trustPolicy undefined: the store's own keys under dataDir/keys. */
  artifactStore: {
    path: string;
    trustPolicy: string | undefined;
    indexLifetimeDays: number;
    mirrors: string[];
    /** UTC cron of the nightly cache warm Schedule. */
    cacheWarmCron: string;
  };
  /** This host's runner: RBAC policy file (undefined: metrics and inventory only) and trusted control keys. */
  runner: { rbacPolicy: string | undefined; controlKeys: string[] };
  /** This machine's host id (one of `hosts`). */
  hostId: string;
}
