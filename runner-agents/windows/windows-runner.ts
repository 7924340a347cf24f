import { parseLocalRef } from '../../lib/artifacts/store/refs';
import type {
  ApplyPatchRequest,
  ApplyResult,
  CacheInfo,
  CommandExecutor,
  CommandOutput,
  Inventory,
  PlannedCommand,
  RestartResult,
  RollbackTarget,
  RunnerApi,
  RunnerMetrics,
  SandboxPolicy,
  SandboxResult,
  ServiceRef,
} from '../api';
import { authenticodePlan, parseAuthenticode } from './authenticode';
import { WindowsRunnerError } from './errors';
import { cacheSizePlan, disksPlan, osInfoPlan, parseCacheSize, parseInventory } from './inventory';
import { metricsPlan, parseMetrics } from './metrics';
import type { InstallOutcome, WindowsPackageSources } from './packages';
import { chocoInstallPlan, msiInstallPlan, msiPath, parseInstall, wingetInstallPlan } from './packages';
import { checkServiceName } from './powershell';
import { sandboxPlan, sandboxSpec } from './sandbox';
import {
  APP_POOL_PREFIX,
  parseAppPoolState,
  parseServiceState,
  recycleAppPoolPlan,
  restartServicePlan,
} from './service';
import { createShadowPlan, findShadowPlan, parseCreateShadow, parseFindShadow } from './vss';

export interface WindowsRunnerOptions {
  executor: CommandExecutor;
  sources: WindowsPackageSources;
  /** Verifies a `local://` artifact against the signed store (hash + signature); throws to refuse. */
  verifyArtifact: (ref: string) => Promise<void>;
  /** Authenticode signer thumbprints accepted for MSIs; any Valid signer when absent. */
  trustedSigners?: readonly string[];
  /** Volume snapshotted before a change (default `C:`). */
  snapshotVolume?: string;
  /** Path of the host's AppContainer launcher; without it `sandbox()` refuses (SANDBOX_UNAVAILABLE). */
  appContainerLauncher?: string;
}

type Installer = InstallOutcome['installer'];
const INSTALLERS: readonly string[] = ['chocolatey', 'winget', 'msi'];

/** The Runner API on Windows: each method builds a command plan, runs it, and parses the output. */
export class WindowsRunner implements RunnerApi {
  readonly os = 'windows' as const;

  constructor(private readonly options: WindowsRunnerOptions) {}

  private run(command: PlannedCommand): Promise<CommandOutput> {
    return this.options.executor.run(command);
  }

  async applyPatch(request: ApplyPatchRequest): Promise<ApplyResult> {
    checkServiceName(request.service.replace(APP_POOL_PREFIX, ''));
    if (!request.artifact)
      return { status: 'deferred', detail: { reason: 'diff patches are applied only by the Linux runner' } };
    const install = await this.prepareInstall(request.artifact);
    const snapshot = parseCreateShadow(
      ...(await this.runPair(createShadowPlan(this.options.snapshotVolume ?? 'C:'))),
    );
    const outcome = await this.install(install);
    try {
      const restart = await this.restart({ name: request.service });
      return {
        status: restart.healthy ? 'applied' : 'failed',
        snapshot: snapshot.id,
        detail: { install: outcome, restart, shadowDevice: snapshot.deviceObject },
      };
    } catch (err) {
      if (!(err instanceof WindowsRunnerError)) throw err;
      return {
        status: 'failed',
        snapshot: snapshot.id,
        detail: { install: outcome, restartError: err.code },
      };
    }
  }

  async rollback(service: ServiceRef, target: RollbackTarget): Promise<ApplyResult> {
    checkServiceName(service.name.replace(APP_POOL_PREFIX, ''));
    if ('snapshot' in target) {
      const plan = findShadowPlan(target.snapshot);
      const shadow = parseFindShadow(target.snapshot, plan, await this.run(plan));
      return {
        status: 'deferred',
        snapshot: shadow.id,
        detail: { reason: 'restoring files from a VSS snapshot needs an operator on Windows', shadow },
      };
    }
    const outcome = await this.install(await this.prepareInstall(target.artifact));
    const restart = await this.restart(service);
    return { status: restart.healthy ? 'rolled_back' : 'failed', detail: { install: outcome, restart } };
  }

  async restart(service: ServiceRef): Promise<RestartResult> {
    if (service.name.startsWith(APP_POOL_PREFIX)) {
      const pool = service.name.slice(APP_POOL_PREFIX.length);
      return parseAppPoolState(pool, await this.run(recycleAppPoolPlan(pool)));
    }
    return parseServiceState(service.name, await this.run(restartServicePlan(service.name)));
  }

  /** Host counters; per-service metrics are not read on Windows (`service` is ignored). */
  async metrics(_service?: ServiceRef): Promise<RunnerMetrics> {
    return parseMetrics(...(await this.runPair(metricsPlan())));
  }

  async sandbox(cmd: string[], policy: SandboxPolicy): Promise<SandboxResult> {
    const spec = sandboxSpec(this.options.appContainerLauncher, cmd, policy);
    const started = Date.now();
    const output = await this.run(sandboxPlan(spec));
    return { ...output, signal: null, durationMs: Date.now() - started, timedOut: false, spec };
  }

  async inventory(): Promise<Inventory> {
    const os = osInfoPlan();
    const disks = disksPlan();
    return parseInventory(
      { command: os, output: await this.run(os) },
      { command: disks, output: await this.run(disks) },
    );
  }

  async cacheInfo(): Promise<CacheInfo> {
    const { chocolatey, msi } = this.options.sources;
    const caches: CacheInfo['caches'] = [];
    for (const [kind, folder, filter] of [
      ['chocolatey', chocolatey, '*.nupkg'],
      ['msi', msi, '*.msi'],
    ] as const) {
      const plan = cacheSizePlan(folder, filter);
      caches.push(parseCacheSize(kind, folder, plan, await this.run(plan)));
    }
    return { caches };
  }

  /** Checks the reference, verifies it against the store and (for MSIs) its Authenticode signature. */
  private async prepareInstall(artifact: string): Promise<{ installer: Installer; command: PlannedCommand }> {
    const ref = parseLocalRef(artifact);
    const [kind = '', name = '', version = '', file = ''] = ref.by === 'path' ? ref.path.split('/') : [];
    if (!INSTALLERS.includes(kind))
      throw new WindowsRunnerError(
        'ARTIFACT_UNSUPPORTED',
        `artifact kind ${kind || 'digest'} is not installable`,
        {
          details: { artifact },
        },
      );
    const installer = kind as Installer;
    const { sources } = this.options;
    const msi = installer === 'msi' ? msiPath(name, version, file, sources) : '';
    const command =
      installer === 'chocolatey'
        ? chocoInstallPlan(name, version, sources)
        : installer === 'winget'
          ? wingetInstallPlan(name, version, sources)
          : msiInstallPlan(msi, `${sources.logDir}\\${name}-${version}.msi.log`);
    await this.options.verifyArtifact(artifact);
    if (installer === 'msi')
      parseAuthenticode(...(await this.runPair(authenticodePlan(msi))), this.options.trustedSigners);
    return { installer, command };
  }

  private async install(step: { installer: Installer; command: PlannedCommand }): Promise<InstallOutcome> {
    return parseInstall(step.installer, step.command, await this.run(step.command));
  }

  private async runPair(command: PlannedCommand): Promise<[PlannedCommand, CommandOutput]> {
    return [command, await this.run(command)];
  }
}
