/**
 * The Runner API: one interface for every managed host, implemented by LinuxRunner (real, tested
 * here), WindowsRunner and MacRunner (exact command plans + output parsers, tested against recorded
 * outputs). See docs/runners.md.
 */

export type RunnerOs = 'linux' | 'windows' | 'macos';

/** What a sandboxed command may touch. Network is never available inside. */
export interface SandboxPolicy {
  /** Absolute directories the command may write (the staging directory); everything else is read-only. */
  writable: string[];
  /**
   * Absolute paths made visible read-only. The root is read-only already, but /tmp is a fresh empty
   * tmpfs inside: inputs that live under /tmp (staged wheels, a lockfile) must be listed here.
   */
  readable?: string[];
  /** Absolute paths hidden from the command (e.g. key directories). */
  hidden?: string[];
  /** Working directory inside the sandbox (absolute; default the first writable directory). */
  cwd?: string;
  /** Environment passed in (nothing else is inherited except PATH and LANG). */
  env?: Record<string, string>;
  /** Killed after this long (default 10 minutes). */
  timeoutMs?: number;
}

/** Exactly how a command was confined: recorded in the ledger with the action. */
export interface SandboxSpec {
  tool: 'bubblewrap' | 'sandbox-exec' | 'windows-appcontainer';
  /** The full argv run (tool + its options + the command). */
  argv: string[];
  policy: SandboxPolicy;
  network: 'none';
}

export interface SandboxResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  spec: SandboxSpec;
}

/** One command of a plan (Windows/macOS adapters produce these; the Linux runner runs its own). */
export interface PlannedCommand {
  /** Executable (e.g. `powershell.exe`, `launchctl`). */
  program: string;
  args: string[];
  /** Why this step exists, for humans and the ledger. */
  purpose: string;
}

export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs planned commands on the host (real on the host; replaying recorded outputs in tests). */
export interface CommandExecutor {
  run(command: PlannedCommand): Promise<CommandOutput>;
}

export interface ServiceRef {
  name: string;
}

export interface ApplyPatchRequest {
  service: string;
  /** `local://…` artifact (verified against the store before use) or a unified diff. */
  artifact?: string;
  diff?: string;
  /**
   * A hash-pinned lockfile: requirements.lock for a Python service, package-lock.json for a Node one
   * (a package.json beside it replaces the release's): a dependency update resolved offline from the store.
   */
  lockfile?: string;
  /** A kernel tuning drop-in (`/etc/sysctl.d/90-hale-<name>.conf`), loaded with `sysctl --system`. */
  sysctl?: { name: string; settings: Record<string, string | number> };
  /** OS packages: `local://…` refs of .debs (Linux) in the store, installed from a private local repository. */
  osPackages?: string[];
}

export interface ApplyResult {
  status: 'applied' | 'rolled_back' | 'deferred' | 'failed';
  /** Snapshot taken before the change (what rollback returns to). */
  snapshot?: string;
  detail: Record<string, unknown>;
}

/**
 * `snapshot`: `previous` (the environment or release before the current one), a named environment
 * or release, or the `snapshot` an apply returned (`sysctl:<file>`, `os-packages-<stamp>`).
 * `artifact`: reinstall that artifact (e.g. an older OS package from the store).
 */
export type RollbackTarget = { artifact: string } | { snapshot: string };

export interface RestartResult {
  service: string;
  healthy: boolean;
  detail: Record<string, unknown>;
}

/** Normalised metric keys (docs/runners.md); absent when the host cannot tell. */
export type RunnerMetrics = Partial<
  Record<
    | 'cpu_load'
    | 'mem_used'
    | 'mem_pressure'
    | 'disk_used'
    | 'disk_io'
    | 'net_error_rate'
    | 'svc_uptime'
    | 'svc_restarts'
    | 'api_p95_ms'
    | 'error_rate'
    | 'queue_lag'
    | 'dlq_depth',
    number
  >
>;

export interface Inventory {
  os: RunnerOs;
  osVersion: string;
  kernel: string;
  hostname: string;
  python?: string;
  node?: string;
  gpuDriver?: string;
  disk: { path: string; totalBytes: number; freeBytes: number }[];
  services: { name: string; environment?: string; packages?: Record<string, string>; checksum?: string }[];
}

export interface CacheInfo {
  caches: { kind: string; path: string; entries: number; bytes: number }[];
}

/** One blue/green step of a service behind its traffic router (docs/runners.md § Blue/green). */
export type DeployStep = 'stage' | 'promote' | 'commit' | 'rollback' | 'abort' | 'status' | 'verify';

/** The generated load of a `verify` step (the signed action's `verify` field; defaults in docs/runners.md). */
export interface VerifyOptions {
  /** Requests per side (blue and green), 1..5000 (default 200). */
  requests?: number;
  /** Concurrent requests, 1..32 (default 4). */
  concurrency?: number;
  /** GET paths taken in turn (default ['/health']). */
  paths?: string[];
  /** The fault the router probe injects on green: latency 100..10000 ms, error rate 0.05..1 (default 400 ms, 0.5). */
  fault?: { latency_ms: number; error_rate: number };
}

export interface DeployOptions {
  verify?: VerifyOptions;
}

export interface DeployResult {
  service: string;
  step: DeployStep;
  /** For stage: staged | deferred | failed; verify: done | failed (nothing staged); otherwise done. */
  status: 'staged' | 'done' | 'deferred' | 'failed';
  detail: Record<string, unknown>;
}

/** The uniform interface, chosen by the host's OS. */
export interface RunnerApi {
  readonly os: RunnerOs;
  applyPatch(request: ApplyPatchRequest): Promise<ApplyResult>;
  restart(service: ServiceRef): Promise<RestartResult>;
  metrics(service?: ServiceRef): Promise<RunnerMetrics>;
  rollback(service: ServiceRef, target: RollbackTarget): Promise<ApplyResult>;
  sandbox(cmd: string[], policy: SandboxPolicy): Promise<SandboxResult>;
  inventory(): Promise<Inventory>;
  cacheInfo(): Promise<CacheInfo>;
  /** Blue/green steps, where the host runs the service behind Hale's traffic router (Linux). */
  deploy?(
    service: ServiceRef,
    step: DeployStep,
    lockfile?: string,
    options?: DeployOptions,
  ): Promise<DeployResult>;
}
