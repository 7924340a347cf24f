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
import { checkLabel } from './checks';
import { MacRunnerError } from './errors';
import { bottleCachePlan, inventoryPlans, parseBottleCache, parseInventory } from './inventory';
import { kickstartPlan, launchctlFailure, parsePrint, printPlan, restartResult } from './launchctl';
import { metricsPlans, parseMetrics } from './metrics';
import type { MacInstallOutcome } from './packages';
import { brewInstallPlan, cachedFile, parseInstall, pkgInstallPlan } from './packages';
import type { PackageSignature } from './signatures';
import { codesignPlan, parseCodesign, parsePkgSignature, pkgSignaturePlan } from './signatures';
import { sandboxPlan, sandboxSpec } from './sandbox';
import {
  checkSnapshotName,
  listSnapshotsPlan,
  localSnapshotPlan,
  parseLocalSnapshot,
  parseSnapshotList,
} from './snapshots';

export interface MacRunnerOptions {
  executor: CommandExecutor;
  /** Local directory of verified Homebrew bottles (`<name>--<version>.<tag>.bottle.tar.gz`). */
  bottleCache: string;
  /** Local directory of verified installer packages (`.pkg`). */
  pkgCache: string;
  /** Verifies a `local://` artifact against the signed store (hash + signature); throws to refuse. */
  verifyArtifact: (ref: string) => Promise<void>;
  /** SHA-256 fingerprints of accepted installer-package signers; any trusted signer when absent. */
  trustedPackageSigners?: readonly string[];
  /** PATH inside the sandbox. */
  sandboxPath?: string;
}

type Install = { installer: MacInstallOutcome['installer']; command: PlannedCommand };

/** The Runner API on macOS: each method builds a command plan, runs it, and parses the output. */
export class MacRunner implements RunnerApi {
  readonly os = 'macos' as const;

  constructor(private readonly options: MacRunnerOptions) {}

  private run(command: PlannedCommand): Promise<CommandOutput> {
    return this.options.executor.run(command);
  }

  async applyPatch(request: ApplyPatchRequest): Promise<ApplyResult> {
    checkLabel(request.service);
    if (!request.artifact)
      return { status: 'deferred', detail: { reason: 'diff patches are applied only by the Linux runner' } };
    const install = await this.prepareInstall(request.artifact);
    const snapPlan = localSnapshotPlan();
    const snapshot = parseLocalSnapshot(snapPlan, await this.run(snapPlan));
    const outcome = parseInstall(install.installer, install.command, await this.run(install.command));
    try {
      const restart = await this.restart({ name: request.service });
      return {
        status: restart.healthy ? 'applied' : 'failed',
        snapshot,
        detail: { install: outcome, restart },
      };
    } catch (err) {
      if (!(err instanceof MacRunnerError)) throw err;
      return { status: 'failed', snapshot, detail: { install: outcome, restartError: err.code } };
    }
  }

  async rollback(service: ServiceRef, target: RollbackTarget): Promise<ApplyResult> {
    checkLabel(service.name);
    if ('snapshot' in target) {
      const name = checkSnapshotName(target.snapshot);
      const plan = listSnapshotsPlan();
      if (!parseSnapshotList(plan, await this.run(plan)).includes(name))
        throw new MacRunnerError('SNAPSHOT_NOT_FOUND', `no local snapshot ${name}`, { details: { name } });
      return {
        status: 'deferred',
        snapshot: name,
        detail: { reason: 'restoring an APFS local snapshot needs an operator (mount_apfs -s, copy back)' },
      };
    }
    const install = await this.prepareInstall(target.artifact);
    const outcome = parseInstall(install.installer, install.command, await this.run(install.command));
    const restart = await this.restart(service);
    return { status: restart.healthy ? 'rolled_back' : 'failed', detail: { install: outcome, restart } };
  }

  /** `launchctl kickstart -k`, then the service's state from `launchctl print`. */
  async restart(service: ServiceRef): Promise<RestartResult> {
    const kick = kickstartPlan(service.name);
    const kicked = await this.run(kick);
    if (kicked.exitCode !== 0) throw launchctlFailure(service.name, kicked);
    return restartResult(service.name, parsePrint(service.name, await this.run(printPlan(service.name))));
  }

  /** Host figures; per-service metrics are not read on macOS (`service` is ignored). */
  async metrics(_service?: ServiceRef): Promise<RunnerMetrics> {
    const plans = metricsPlans();
    return parseMetrics(
      { command: plans.loadavg, output: await this.run(plans.loadavg) },
      { command: plans.vmStat, output: await this.run(plans.vmStat) },
      { command: plans.pressure, output: await this.run(plans.pressure) },
    );
  }

  async sandbox(cmd: string[], policy: SandboxPolicy): Promise<SandboxResult> {
    const spec = sandboxSpec(cmd, policy, this.options.sandboxPath);
    const started = Date.now();
    const output = await this.run(sandboxPlan(spec));
    return { ...output, signal: null, durationMs: Date.now() - started, timedOut: false, spec };
  }

  async inventory(): Promise<Inventory> {
    const plans = inventoryPlans();
    const run = async (command: PlannedCommand) => ({ command, output: await this.run(command) });
    return parseInventory({
      swVers: await run(plans.swVers),
      kernel: await run(plans.kernel),
      hostname: await run(plans.hostname),
      disk: await run(plans.disk),
    });
  }

  async cacheInfo(): Promise<CacheInfo> {
    const plan = bottleCachePlan(this.options.bottleCache);
    return { caches: [parseBottleCache(this.options.bottleCache, plan, await this.run(plan))] };
  }

  /** `codesign --verify --deep --strict --verbose=2 <path>`; refuses unsigned or invalid code. */
  async verifyCode(target: string): Promise<{ path: string; valid: true }> {
    return parseCodesign(target, await this.run(codesignPlan(target)));
  }

  /** `pkgutil --check-signature <pkg>`; refuses unsigned, invalid or untrusted packages. */
  async verifyPackage(pkg: string): Promise<PackageSignature> {
    return parsePkgSignature(pkg, await this.run(pkgSignaturePlan(pkg)), this.options.trustedPackageSigners);
  }

  private async prepareInstall(artifact: string): Promise<Install> {
    const ref = parseLocalRef(artifact);
    const [kind = '', name = '', version = '', file = ''] = ref.by === 'path' ? ref.path.split('/') : [];
    let install: Install;
    if (kind === 'homebrew-bottle')
      install = {
        installer: 'homebrew',
        command: brewInstallPlan(cachedFile(this.options.bottleCache, name, version, file, '.bottle.tar.gz')),
      };
    else if (kind === 'pkg')
      install = {
        installer: 'pkg',
        command: pkgInstallPlan(cachedFile(this.options.pkgCache, name, version, file, '.pkg')),
      };
    else
      throw new MacRunnerError(
        'ARTIFACT_UNSUPPORTED',
        `artifact kind ${kind || 'digest'} is not installable`,
        {
          details: { artifact },
        },
      );
    await this.options.verifyArtifact(artifact);
    if (install.installer === 'pkg') await this.verifyPackage(install.command.args[1] ?? '');
    return install;
  }
}
