import type { ArtifactStore } from '../../lib/artifacts/store/store';
import { PythonEnvError } from './python-env/errors';
import { flipTo, markRestarted, pythonEnvPaths } from './python-env';
import { preparePythonEnvironment } from './python-update';

export interface InitialEnvironmentOptions {
  /** The service's Python environment root (venvs/, venv_current). */
  envRoot: string;
  /** Hash-pinned requirements lock, resolved against the store. */
  lockfile: string;
  store: ArtifactStore;
  /** Scratch directory for the verified wheels (emptied first). */
  stagingDir: string;
  /** Modules that must import in the new environment. */
  audit: string[];
}

/**
 * A service's first environment, built for real from the store (every artifact verified before
 * use, in the sandbox) and made current; nothing is started. Throws when the build fails.
 */
export async function installInitialEnvironment(opts: InitialEnvironmentOptions): Promise<string> {
  const first = await preparePythonEnvironment(opts);
  if (!first.ok) {
    throw new PythonEnvError(
      'PYENV_BUILD_FAILED',
      `initial environment: ${JSON.stringify(first.result.error ?? first.result.status)}`,
      { details: { envRoot: opts.envRoot, status: first.result.status } },
    );
  }
  flipTo(pythonEnvPaths(opts.envRoot), first.name);
  markRestarted(pythonEnvPaths(opts.envRoot));
  return first.name;
}
