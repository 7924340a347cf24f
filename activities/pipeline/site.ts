import type { ArtifactStore } from '../../lib/artifacts/store/store';
import { openSiteStore } from '../../lib/artifacts/site';
import type { HaleConfig } from '../../lib/config';
import type { Db } from '../../lib/db';
import { L1Error, loadOsvSnapshotFromStore, type OsvSnapshot } from '../../lib/l1';
import { openGovernance, policyCacheSigner, sitePolicy, type OpenedGovernance } from '../../lib/policy';
import type { TrustedRequestKey } from '../../lib/signing';
import type { HaleMetrics } from '../../lib/telemetry/metrics';
import { resolveOpa } from '../../infra/tools';
import { createAdmissionActivities } from './admit';
import { createGovernanceActivities } from './governance';
import { createVoteActivities } from './votes';

export interface PipelineActivityDeps {
  db: Db;
  config: HaleConfig;
  metrics?: HaleMetrics;
  /** Governance's environment in the policy data (default hale.yaml's, else production). */
  environment?: string;
  /** Overrides (tests): trusted request keys, the governance opener, the clock. */
  requestKeys?: TrustedRequestKey[];
  openGovernance?: () => Promise<OpenedGovernance>;
  now?: () => Date;
}

/** Name of the store's offline vulnerability snapshot (a config-bundle; the newest version wins). */
export const OSV_SNAPSHOT_NAME = 'osv-snapshot';

function newestOsv(store: ArtifactStore): string | undefined {
  const refs = store
    .list()
    .filter((a) => a.entry.kind === 'config-bundle' && a.entry.name === OSV_SNAPSHOT_NAME)
    .sort((x, y) => (x.entry.version < y.entry.version ? -1 : 1));
  return refs.at(-1)?.ref;
}

/** The pipeline's activities over the site: its store, its request keys, its governance bundle. */
export function createPipelineActivities(deps: PipelineActivityDeps) {
  let store: Promise<ArtifactStore> | undefined;
  const openStore = () => (store ??= openSiteStore(deps.config, deps.db, 'hale-pipeline'));
  // The site's bundle is built (opa) once per worker, at the first governance stage; every stage
  // then verifies and loads it (openGovernance), so a bundle tampered with later is still caught.
  let policy: ReturnType<typeof sitePolicy> | undefined;
  const open =
    deps.openGovernance ??
    (async () => {
      policy ??= sitePolicy(deps.config, {
        opa: async () => (await resolveOpa({ build: false })).path,
      }).catch((err: unknown) => {
        policy = undefined; // the next stage tries again
        throw err;
      });
      return openGovernance({
        ...(await policy),
        dataDir: deps.config.dataDir,
        signer: policyCacheSigner(deps.config.dataDir),
        ...(deps.now ? { now: deps.now } : {}),
      });
    });
  const osv = async (): Promise<OsvSnapshot> => {
    const s = await openStore();
    const ref = newestOsv(s);
    if (!ref)
      throw new L1Error(
        'OSV_SNAPSHOT_INVALID',
        `no ${OSV_SNAPSHOT_NAME} config-bundle in the artifact store`,
        {
          details: { source: OSV_SNAPSHOT_NAME },
        },
      );
    return loadOsvSnapshotFromStore(s, ref);
  };
  const hostsOf = (service: string) =>
    Math.max(1, deps.config.services.filter((s) => s.name === service).length);
  return {
    ...createAdmissionActivities({
      db: deps.db,
      config: deps.config,
      store: openStore,
      ...(deps.requestKeys ? { requestKeys: deps.requestKeys } : {}),
    }),
    ...createVoteActivities({ store: openStore, osv, ...(deps.metrics ? { metrics: deps.metrics } : {}) }),
    ...createGovernanceActivities({
      open,
      environment: deps.environment ?? deps.config.pipeline.governance.environment ?? 'production',
      totalHostsOf: hostsOf,
      ...(deps.now ? { now: deps.now } : {}),
    }),
  };
}
