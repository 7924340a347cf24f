import type { ShadowGate } from '../../runner-agents/linux/traffic-router/verdict';

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
  /** Deployed blue/green behind its traffic router (kind python only); undefined: in place. */
  blueGreen?: BlueGreenConfig;
}

/** hale.yaml `services[].blue_green`, camelCased, every default filled in. */
export interface BlueGreenConfig {
  /** The router's public port on 127.0.0.1: the service's public address. */
  port: number;
  /** Loopback ports of the two slots (distinct, and not `port`). */
  slots: { a: number; b: number };
  /** Probed on a slot before it gets traffic (default /health). */
  healthPath: string;
  shadow: {
    /** Fraction 0..1 of requests safe to repeat that are mirrored to the candidate. */
    sample: number;
    /** Methods safe to repeat on any path. */
    methods: string[];
    /** More requests safe to repeat (`"POST /search"`, `"/quote*"`), as the router's shadow config. */
    paths: string[];
    /** JSON fields left out of the body compare. */
    ignoreFields: string[];
    /** How long to mirror before judging. */
    windowMs: number;
    gate: ShadowGate;
  };
  /** The SLO watch after promotion (the objective is the service's `slo`). */
  watch: { windowMs: number; pollMs: number; minSamples: number };
  /** Promotion waits this long for an approve/veto; undefined: no approval gate. */
  approvalTimeoutMs?: number;
  /** After a clean watch the old slot stays warm this long for a one-call rollback (0: commit at once). */
  armedWindowMs: number;
  /** Integration tests run in the sandbox against the staged candidate (verify step, L2). */
  tests?: { command: string[]; timeoutMs: number; port: number };
  /** The L2 performance budget (lib/l2 PerfBudget). */
  perfBudget: { maxP95Ratio: number; p95SlackMs: number; maxErrorRateIncrease: number; minSamples: number };
  /** The verify step's load on each slot (`perf_budget.requests` / `concurrency` / `paths`; paths default: the health path). */
  verifyLoad: { requests: number; concurrency: number; paths: string[] };
  /** The fault the router probe injects on green during verify (`router_fault`). */
  routerFault: { latencyMs: number; errorRate: number };
}

/** hale.yaml `pipeline`, camelCased; paths absolute. */
export interface PipelineConfig {
  /** PEM public keys (ECDSA P-256) trusted to sign remediation requests. */
  requestKeys: string[];
  /** A request that changes production must carry an ecdsa-p256-sha256 signature (default true). */
  requireSignedRequests: boolean;
  /**
   * bundle undefined: no signed bundle is configured (docs/configuration.md § pipeline);
   * environment undefined: the governance input's default (production).
   */
  governance: { bundle?: string; trustedKeys: string[]; environment?: string };
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
  /** Request signatures and governance (defaults when hale.yaml has no `pipeline`). */
  pipeline: PipelineConfig;
  /** This machine's host id (one of `hosts`). */
  hostId: string;
}
