import type { ArtifactStore } from '../../lib/artifacts/store/store';
import type { ApplyResult } from '../api';
import {
  currentReleaseName,
  flipRelease,
  isReleaseComplete,
  markReleaseRestarted,
  nodeReleasePaths,
  rollbackRelease,
} from './node-release';
import { updateNodeRelease } from './node-update';
import { currentVenvName, flipTo, isComplete, markRestarted, pythonEnvPaths, rollback } from './python-env';
import { updatePythonEnvironment } from './python-update';
import type { ServiceDriver } from './services/driver';
import type { UpdateResult } from './update-switch';

/** Where a service's dependencies live, by kind. */
export type ServiceEnvironment =
  | { kind: 'python'; envRoot: string; audit: string[] }
  | { kind: 'node'; appRoot: string; audit: string[]; initialSource?: string };

/** The Runner API's shape of an update result. */
export function toApplyResult(r: UpdateResult, before: string | undefined): ApplyResult {
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

export const currentEnvironment = (env: ServiceEnvironment): string | undefined =>
  env.kind === 'python'
    ? currentVenvName(pythonEnvPaths(env.envRoot))
    : currentReleaseName(nodeReleasePaths(env.appRoot));

/** A lockfile-driven dependency update of a Python or Node service, offline from the store. */
export async function updateDependencies(opts: {
  env: ServiceEnvironment;
  lockfile: string;
  store: ArtifactStore;
  driver: ServiceDriver;
  stagingDir: string;
}): Promise<ApplyResult> {
  const { env } = opts;
  const before = currentEnvironment(env);
  const common = {
    lockfile: opts.lockfile,
    store: opts.store,
    driver: opts.driver,
    stagingDir: opts.stagingDir,
  };
  const r =
    env.kind === 'python'
      ? await updatePythonEnvironment({ ...common, envRoot: env.envRoot, audit: env.audit })
      : await updateNodeRelease({
          ...common,
          appRoot: env.appRoot,
          audit: env.audit,
          ...(env.initialSource ? { initialSource: env.initialSource } : {}),
        });
  return toApplyResult(r, before);
}

/**
 * Back to the environment before the current one (`previous`) or a named complete one: one rename,
 * then a restart on it. Returns undefined when `snapshot` names no environment of this service.
 */
export async function rollbackEnvironment(
  env: ServiceEnvironment,
  driver: ServiceDriver,
  snapshot: string,
): Promise<ApplyResult | undefined> {
  const from = currentEnvironment(env);
  let to: string;
  if (env.kind === 'python') {
    const paths = pythonEnvPaths(env.envRoot);
    if (snapshot !== 'previous' && !isComplete(paths, snapshot)) return undefined;
    to = (snapshot === 'previous' ? rollback(paths) : flipTo(paths, snapshot, 'rolled_back')).venv;
    await driver.restart();
    markRestarted(paths);
  } else {
    const paths = nodeReleasePaths(env.appRoot);
    if (snapshot !== 'previous' && !isReleaseComplete(paths, snapshot)) return undefined;
    to = (snapshot === 'previous' ? rollbackRelease(paths) : flipRelease(paths, snapshot, 'rolled_back'))
      .release;
    await driver.restart();
    markReleaseRestarted(paths);
  }
  return { status: 'rolled_back', ...(from ? { snapshot: from } : {}), detail: { environment: to, from } };
}
