import path from 'node:path';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import type { ApplyResult } from '../api';
import { applyOsPackages, rollbackOsPackages } from './os-packages';
import { applySysctlChange, rollbackSysctlChange } from './sysctl';

/** Host-level changes made for a service, in the Runner API's result shape: sysctl drop-ins and OS packages. */

export async function sysctlChange(
  rootPrefix: string,
  change: { name: string; settings: Record<string, string | number> },
): Promise<ApplyResult> {
  const r = await applySysctlChange({ rootPrefix, ...change });
  return {
    status: r.status,
    snapshot: `sysctl:${path.basename(r.snapshot)}`,
    detail: { file: r.file, apply: r.apply, ...(r.error ? { error: r.error } : {}) },
  };
}

export async function sysctlRollback(rootPrefix: string, snapshot: string): Promise<ApplyResult> {
  const r = await rollbackSysctlChange({ rootPrefix, snapshot: snapshot.slice('sysctl:'.length) });
  return { status: 'rolled_back', snapshot, detail: r };
}

export async function osPackagesChange(
  store: ArtifactStore,
  workDir: string,
  refs: string[],
): Promise<ApplyResult> {
  const r = await applyOsPackages({ store, refs, workDir: path.join(workDir, 'os-packages') });
  return {
    status: r.status,
    ...(r.snapshot ? { snapshot: r.snapshot } : {}),
    detail: {
      installed: r.installed,
      bad_artifacts: r.badArtifacts,
      deferred: r.deferred ?? [],
      commands: r.commands,
      ...(r.error ? { error: r.error } : {}),
    },
  };
}

export async function osPackagesRollback(
  store: ArtifactStore,
  workDir: string,
  snapshot: string,
): Promise<ApplyResult> {
  const r = await rollbackOsPackages({ store, workDir: path.join(workDir, 'os-packages'), snapshot });
  return { status: 'rolled_back', snapshot, detail: { installed: r.installed, commands: r.commands } };
}
