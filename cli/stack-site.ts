import fs from 'node:fs';
import { artifactKeyFiles, openSiteStore } from '../lib/artifacts/site';
import type { ArtifactStore } from '../lib/artifacts/store/store';
import type { HaleConfig } from '../lib/config';
import type { Db } from '../lib/db';

/**
 * The site store as this host's runner reads it (verify before every install), or undefined while
 * the store has no trust yet (no trust policy and no store keys: `hale artifact keys generate`).
 */
export async function runnerStore(
  config: HaleConfig,
  db: Db,
  say: (line: string) => void,
): Promise<ArtifactStore | undefined> {
  const keys = artifactKeyFiles(config.dataDir);
  if (
    !config.artifactStore.trustPolicy &&
    !(fs.existsSync(keys.indexPub) && fs.existsSync(keys.signingPub))
  ) {
    if (config.services.some((s) => s.host === config.hostId)) {
      say(`no artifact store keys in ${keys.dir}: the runner installs nothing from the store`);
    }
    return undefined;
  }
  return openSiteStore(config, db, `runner@${config.hostId}`);
}
