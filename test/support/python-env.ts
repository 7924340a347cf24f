import type { ArtifactStore } from '../../lib/artifacts/store/store';
import { flipTo, markRestarted, pythonEnvPaths } from '../../runner-agents/linux/python-env';
import { preparePythonEnvironment } from '../../runner-agents/linux/python-update';

/** The service's first environment, built for real from the store and made current (nothing started). */
export async function installInitialEnvironment(opts: {
  envRoot: string;
  lockfile: string;
  store: ArtifactStore;
  stagingDir: string;
  audit?: string[];
}): Promise<string> {
  const first = await preparePythonEnvironment({
    envRoot: opts.envRoot,
    lockfile: opts.lockfile,
    store: opts.store,
    audit: opts.audit ?? ['demo_lib'],
    stagingDir: opts.stagingDir,
  });
  if (!first.ok)
    throw new Error(`initial environment: ${JSON.stringify(first.result.error ?? first.result.status)}`);
  flipTo(pythonEnvPaths(opts.envRoot), first.name);
  markRestarted(pythonEnvPaths(opts.envRoot));
  return first.name;
}
