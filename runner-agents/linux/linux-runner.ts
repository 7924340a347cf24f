import type { ArtifactStore } from '../../lib/artifacts/store/store';
import { HaleError } from '../../lib/errors';
import type {
  ApplyPatchRequest,
  ApplyResult,
  CacheInfo,
  Inventory,
  RestartResult,
  RollbackTarget,
  RunnerApi,
  RunnerMetrics,
  SandboxPolicy,
  SandboxResult,
  ServiceRef,
} from '../api';
import { collectCacheInfo, collectInventory } from './inventory';
import { collectHostMetrics, scrapePrometheus, type PrometheusMapping } from './metrics';
import { currentVenvName, flipTo, isComplete, markRestarted, pythonEnvPaths, rollback } from './python-env';
import { updatePythonEnvironment } from './python-update';
import { runSandboxed } from './sandbox';
import { ProcessDriver, type ProcessServiceSpec } from './services/process-driver';

export type LinuxRunnerCode = 'RUNNER_UNKNOWN_SERVICE' | 'RUNNER_NOT_SUPPORTED';
export class LinuxRunnerError extends HaleError<LinuxRunnerCode> {}

export interface LinuxServiceConfig {
  name: string;
  /** How the supervised-process driver runs it (`{venv}` = the real path of venv_current). */
  process: ProcessServiceSpec;
  python?: { envRoot: string; audit: string[] };
  prometheus?: { url: string; mapping: PrometheusMapping };
}

export interface LinuxRunnerOptions {
  services: LinuxServiceConfig[];
  /** The offline artifact store (verify before every install). */
  store?: ArtifactStore;
  /** Scratch space (staged artifacts). */
  workDir: string;
  diskPaths?: string[];
  caches?: { kind: string; path: string }[];
  metricsSampleMs?: number;
}

/**
 * The Linux runner: the Runner API on this host, for real. Services run under the supervised
 * process driver (systemd hosts: see docs/runners.md), Python dependencies are updated offline
 * from the store into a new environment flipped atomically, builds run in bubblewrap.
 */
export class LinuxRunner implements RunnerApi {
  readonly os = 'linux' as const;
  private readonly drivers = new Map<string, ProcessDriver>();

  constructor(private readonly opts: LinuxRunnerOptions) {
    for (const s of opts.services) this.drivers.set(s.name, new ProcessDriver(s.process));
  }

  private service(name: string): { config: LinuxServiceConfig; driver: ProcessDriver } {
    const config = this.opts.services.find((s) => s.name === name);
    const driver = this.drivers.get(name);
    if (!config || !driver) {
      throw new LinuxRunnerError('RUNNER_UNKNOWN_SERVICE', `service ${name} is not managed by this runner`);
    }
    return { config, driver };
  }

  async applyPatch(request: ApplyPatchRequest): Promise<ApplyResult> {
    const { config, driver } = this.service(request.service);
    if (request.lockfile && config.python) {
      if (!this.opts.store)
        throw new LinuxRunnerError('RUNNER_NOT_SUPPORTED', 'no artifact store is configured');
      const before = currentVenvName(pythonEnvPaths(config.python.envRoot));
      const r = await updatePythonEnvironment({
        envRoot: config.python.envRoot,
        lockfile: request.lockfile,
        store: this.opts.store,
        driver,
        audit: config.python.audit,
        stagingDir: `${this.opts.workDir}/staging-${config.name}`,
      });
      return {
        status: r.status,
        ...(before ? { snapshot: before } : {}),
        detail: {
          environment: r.current ?? null,
          previous: r.previous ?? before ?? null,
          bad_artifacts: r.badArtifacts,
          deferred: r.deferred ?? [],
          sandbox: r.sandboxSpecs,
          timings_ms: r.timingsMs,
          ...(r.error ? { error: r.error } : {}),
        },
      };
    }
    throw new LinuxRunnerError(
      'RUNNER_NOT_SUPPORTED',
      `apply_patch for ${config.name}: only a lockfile-driven Python dependency update is implemented on Linux yet`,
    );
  }

  async restart(ref: ServiceRef): Promise<RestartResult> {
    const { driver } = this.service(ref.name);
    const state = await driver.restart();
    const health = await driver.waitHealthy();
    return { service: ref.name, healthy: true, detail: { pid: state.pid, venv: state.venv, health } };
  }

  async metrics(ref?: ServiceRef): Promise<RunnerMetrics> {
    const s = ref ? this.service(ref.name) : undefined;
    const state = s?.driver.status();
    const host = await collectHostMetrics({
      sampleIntervalMs: this.opts.metricsSampleMs ?? 1000,
      ...(state?.running && state.state
        ? { service: { pid: state.state.pid, restarts: state.state.restarts } }
        : {}),
    });
    const prom = s?.config.prometheus
      ? await scrapePrometheus(s.config.prometheus.url, s.config.prometheus.mapping)
      : {};
    return { ...host, ...prom };
  }

  /** Back to the environment before the current one (`{ snapshot: 'previous' }`) or a named one. */
  async rollback(ref: ServiceRef, target: RollbackTarget): Promise<ApplyResult> {
    const { config, driver } = this.service(ref.name);
    if (!config.python || !('snapshot' in target)) {
      throw new LinuxRunnerError(
        'RUNNER_NOT_SUPPORTED',
        `rollback of ${ref.name}: only Python environment snapshots`,
      );
    }
    const paths = pythonEnvPaths(config.python.envRoot);
    const from = currentVenvName(paths);
    if (target.snapshot !== 'previous' && !isComplete(paths, target.snapshot)) {
      throw new LinuxRunnerError('RUNNER_NOT_SUPPORTED', `no complete environment ${target.snapshot}`);
    }
    const journal =
      target.snapshot === 'previous' ? rollback(paths) : flipTo(paths, target.snapshot, 'rolled_back');
    await driver.restart();
    markRestarted(paths);
    return {
      status: 'rolled_back',
      ...(from ? { snapshot: from } : {}),
      detail: { environment: journal.venv, from },
    };
  }

  sandbox(cmd: string[], policy: SandboxPolicy): Promise<SandboxResult> {
    return runSandboxed(cmd, policy);
  }

  inventory(): Promise<Inventory> {
    return collectInventory({
      services: this.opts.services.map((s) => ({
        name: s.name,
        ...(s.python ? { venv: `${s.python.envRoot}/venv_current` } : {}),
      })),
      diskPaths: this.opts.diskPaths ?? ['/'],
    });
  }

  cacheInfo(): Promise<CacheInfo> {
    return collectCacheInfo([
      ...(this.opts.store ? [{ kind: 'artifact-store', path: this.opts.store.paths.root }] : []),
      ...(this.opts.caches ?? []),
    ]);
  }
}
