import type { ArtifactStore } from '../../lib/artifacts/store/store';
import { installInitialEnvironment as install } from '../../runner-agents/linux/initial-environment';

/** The service's first environment, built for real from the store and made current (nothing started). */
export function installInitialEnvironment(opts: {
  envRoot: string;
  lockfile: string;
  store: ArtifactStore;
  stagingDir: string;
  audit?: string[];
}): Promise<string> {
  return install({ ...opts, audit: opts.audit ?? ['demo_lib'] });
}
