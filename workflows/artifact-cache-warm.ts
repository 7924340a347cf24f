import { proxyActivities } from '@temporalio/workflow';
import type { ArtifactActivities, MirrorImport } from '../activities/artifacts/cache-warm';

export interface CacheWarmInput {
  /** Mirror folders; default: `artifact_store.mirrors` of the control plane's configuration. */
  mirrors?: string[];
}

export interface CacheWarmResult {
  mirrors: MirrorImport[];
  /** The index version signed at the end (fresh expiry). */
  indexVersion: number;
}

const { listMirrors, importMirror, refreshArtifactIndex } = proxyActivities<ArtifactActivities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 3, initialInterval: '10 seconds' },
});

/**
 * The nightly artifact cache warm, started by the `hale-artifact-cache-warm` Schedule: each mirror
 * folder is imported (bad packages reported, not fatal), then the index is re-signed with a fresh
 * expiry so that readers never refuse it as frozen.
 */
export async function artifactCacheWarmWorkflow(input: CacheWarmInput = {}): Promise<CacheWarmResult> {
  const mirrors = input.mirrors ?? (await listMirrors());
  const results: MirrorImport[] = [];
  for (const mirror of mirrors) results.push(await importMirror(mirror));
  return { mirrors: results, indexVersion: await refreshArtifactIndex() };
}
