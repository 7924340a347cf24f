import path from 'node:path';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import { HaleError } from '../../lib/errors';
import type {
  ApplyPatchRequest,
  DeployOptions,
  DeployResult,
  DeployStep,
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
import { blueGreenOf, runDeployStep, type BlueGreenServiceConfig } from './blue-green';
import { collectCacheInfo, collectInventory } from './inventory';
import { collectHostMetrics, scrapePrometheus, type PrometheusMapping } from './metrics';
import { osPackagesChange, osPackagesRollback, sysctlChange, sysctlRollback } from './host-changes';
import { rollbackEnvironment, updateDependencies, type ServiceEnvironment } from './service-changes';
import { runSandboxed } from './sandbox';
import type { ServiceDriver } from './services/driver';
import { localExecutor } from './local-executor';
import { ProcessDriver, type ProcessServiceSpec } from './services/process-driver';
import { SystemdDriver, systemdRunning } from './services';

export type LinuxRunnerCode =
  'RUNNER_UNKNOWN_SERVICE' | 'RUNNER_NOT_SUPPORTED' | 'RUNNER_REQUEST_INVALID' | 'RUNNER_SNAPSHOT_UNKNOWN';
export class LinuxRunnerError extends HaleError<LinuxRunnerCode> {}

export interface LinuxServiceConfig {
  name: string;
  /** How the supervised-process driver runs it (`{venv}` = the real path of venv_current). */
  process: ProcessServiceSpec;
  /** The systemd unit on hosts where systemd runs (then systemctl supervises it, not Hale). */
  systemd?: { unit: string };
  /** Blue/green behind Hale's traffic router (Python services). */
  blueGreen?: BlueGreenServiceConfig;
  python?: { envRoot: string; audit: string[] };
  /** A Node service: releases under appRoot (`{release}` in the command = the real path of current). */
  node?: { appRoot: string; audit: string[]; initialSource?: string };
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
  /** Root of the files sysctl changes write (`/` on a real host; a scratch directory in tests). */
  rootPrefix?: string;
  /** `auto` (default): systemd for services with a unit when systemd is PID 1, else the process driver. */
  serviceDriver?: 'auto' | 'process' | 'systemd';
}

function environmentOf(config: LinuxServiceConfig): ServiceEnvironment | undefined {
  if (config.python) return { kind: 'python', ...config.python };
  if (config.node) return { kind: 'node', ...config.node };
  return undefined;
}

/**
 * The Linux runner: the Runner API on this host, for real. Services run under the supervised
 * process driver (systemd hosts: see docs/runners.md), Python dependencies are updated offline
 * from the store into a new environment flipped atomically, builds run in bubblewrap.
 */
export class LinuxRunner implements RunnerApi {
  readonly os = 'linux' as const;
  private readonly drivers = new Map<string, ServiceDriver>();
  private readonly deployments = new Map<string, ReturnType<typeof blueGreenOf>>();

  constructor(private readonly opts: LinuxRunnerOptions) {
    const systemd =
      opts.serviceDriver === 'systemd' || (opts.serviceDriver !== 'process' && systemdRunning());
    for (const s of opts.services) {
      this.drivers.set(
        s.name,
        systemd && s.systemd
          ? new SystemdDriver(
              {
                name: s.name,
                unit: s.systemd.unit,
                ...(s.process.healthUrl ? { healthUrl: s.process.healthUrl } : {}),
              },
              localExecutor(),
            )
          : new ProcessDriver(s.process),
      );
    }
  }

  private service(name: string): { config: LinuxServiceConfig; driver: ServiceDriver } {
    const config = this.opts.services.find((s) => s.name === name);
    const driver = this.drivers.get(name);
    if (!config || !driver) {
      throw new LinuxRunnerError('RUNNER_UNKNOWN_SERVICE', `service ${name} is not managed by this runner`);
    }
    return { config, driver };
  }

  async applyPatch(request: ApplyPatchRequest): Promise<ApplyResult> {
    const { config, driver } = this.service(request.service);
    const asked = [request.lockfile, request.sysctl, request.osPackages, request.artifact, request.diff];
    if (asked.filter((x) => x !== undefined).length !== 1) {
      throw new LinuxRunnerError(
        'RUNNER_REQUEST_INVALID',
        `apply_patch for ${config.name}: give exactly one of lockfile, sysctl, osPackages, artifact, diff`,
      );
    }
    if (request.sysctl) return sysctlChange(this.rootPrefix, request.sysctl);
    if (request.osPackages) return osPackagesChange(this.store(), this.opts.workDir, request.osPackages);
    const env = environmentOf(config);
    if (request.lockfile && env) {
      return updateDependencies({
        env,
        lockfile: request.lockfile,
        store: this.store(),
        driver,
        stagingDir: path.join(this.opts.workDir, `staging-${config.name}`),
      });
    }
    throw new LinuxRunnerError(
      'RUNNER_NOT_SUPPORTED',
      `apply_patch for ${config.name}: ${request.lockfile ? 'the service has no Python or Node environment' : 'artifact and diff patches are not implemented on Linux yet'}`,
    );
  }

  private store(): ArtifactStore {
    if (!this.opts.store)
      throw new LinuxRunnerError('RUNNER_NOT_SUPPORTED', 'no artifact store is configured');
    return this.opts.store;
  }

  private get rootPrefix(): string {
    return this.opts.rootPrefix ?? '/';
  }

  async restart(ref: ServiceRef): Promise<RestartResult> {
    const { driver } = this.service(ref.name);
    const state = await driver.restart();
    const health = await driver.waitHealthy();
    return { service: ref.name, healthy: true, detail: { pid: state.pid, venv: state.venv, health } };
  }

  async metrics(ref?: ServiceRef): Promise<RunnerMetrics> {
    const s = ref ? this.service(ref.name) : undefined;
    const state = await s?.driver.status();
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

  /**
   * Back to what a snapshot recorded: `previous` or a named environment/release of the service, a
   * sysctl drop-in snapshot (`sysctl:<file>`), an OS package snapshot (`os-packages-<stamp>`), or
   * an artifact reinstalled from the store (an older .deb).
   */
  async rollback(ref: ServiceRef, target: RollbackTarget): Promise<ApplyResult> {
    const { config, driver } = this.service(ref.name);
    if ('artifact' in target) {
      const r = await osPackagesChange(this.store(), this.opts.workDir, [target.artifact]);
      return { ...r, status: r.status === 'applied' ? 'rolled_back' : r.status };
    }
    const snap = target.snapshot;
    if (snap.startsWith('sysctl:')) return sysctlRollback(this.rootPrefix, snap);
    if (snap.startsWith('os-packages-')) return osPackagesRollback(this.store(), this.opts.workDir, snap);
    const env = environmentOf(config);
    const r = env ? await rollbackEnvironment(env, driver, snap) : undefined;
    if (!r) {
      throw new LinuxRunnerError(
        'RUNNER_SNAPSHOT_UNKNOWN',
        `rollback of ${ref.name}: no complete environment or snapshot ${JSON.stringify(snap)}`,
      );
    }
    return r;
  }

  /** One blue/green step of a service configured with `blueGreen` (docs/runners.md § Blue/green). */
  async deploy(
    ref: ServiceRef,
    step: DeployStep,
    lockfile?: string,
    options?: DeployOptions,
  ): Promise<DeployResult> {
    const { config } = this.service(ref.name);
    if (!config.blueGreen || !config.python) {
      throw new LinuxRunnerError(
        'RUNNER_NOT_SUPPORTED',
        `${ref.name} is not deployed blue/green by this runner`,
      );
    }
    let bg = this.deployments.get(ref.name);
    if (!bg) {
      bg = blueGreenOf({
        name: config.name,
        envRoot: config.python.envRoot,
        audit: config.python.audit,
        process: config.process,
        blueGreen: config.blueGreen,
        store: this.store(),
        workDir: this.opts.workDir,
      });
      this.deployments.set(ref.name, bg);
    }
    return runDeployStep(ref.name, bg, step, lockfile, options);
  }

  sandbox(cmd: string[], policy: SandboxPolicy): Promise<SandboxResult> {
    return runSandboxed(cmd, policy);
  }

  inventory(): Promise<Inventory> {
    return collectInventory({
      services: this.opts.services.map((s) => ({
        name: s.name,
        ...(s.python ? { venv: `${s.python.envRoot}/venv_current` } : {}),
        ...(s.node ? { release: `${s.node.appRoot}/current` } : {}),
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
