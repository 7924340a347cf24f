import { openSiteStore, trustPolicyOf } from '../../lib/artifacts/site';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import { loadConfig, type HaleConfig } from '../../lib/config';
import { stringFlag, type ParsedArgs } from '../args';
import { withLedgerDb } from '../evidence/open';

export interface StoreContext {
  config: HaleConfig;
  store: ArtifactStore;
}

/** Opens the configured store with its trust policy, this client's index memory and the ledger. */
export async function withStore<T>(args: ParsedArgs, fn: (ctx: StoreContext) => Promise<T>): Promise<T> {
  const config = loadConfig({ path: stringFlag(args, 'config') });
  const policy = trustPolicyOf(config);
  return withLedgerDb(args, async (db) => {
    const store = await openSiteStore(
      config,
      db,
      stringFlag(args, 'actor') ?? process.env.USER ?? 'hale',
      policy,
    );
    return fn({ config, store });
  });
}

export { artifactKeyFiles, writerKeys } from '../../lib/artifacts/site';
