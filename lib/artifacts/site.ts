import fs from 'node:fs';
import path from 'node:path';
import type { HaleConfig } from '../config';
import type { Db } from '../db';
import { ensureSigner, keysDir } from '../ledger';
import { ARTIFACT_ACTOR, ledgerEvidence } from './evidence';
import { ArtifactError } from './errors';
import { loadCosignPrivateKey } from './signing';
import { ArtifactStore, type WriterKeys } from './store/store';
import { SeenIndexFile } from './trust/seen-index';
import { publicKeyFromPem } from './trust/keys';
import { loadTrustPolicy, singleKeyPolicy, type TrustPolicy } from './trust/policy';

/** Where this site keeps its store keys and how it loads them (shared by the CLI and activities). */

/** The store's own key files in <data_dir>/keys (cosign formats; private keys encrypted). */
export function artifactKeyFiles(dataDir: string) {
  const dir = keysDir(dataDir);
  return {
    dir,
    signingKey: path.join(dir, 'artifact-signing.key'),
    signingPub: path.join(dir, 'artifact-signing.pub'),
    indexKey: path.join(dir, 'artifact-index.key'),
    indexPub: path.join(dir, 'artifact-index.pub'),
  };
}

function readKeyFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new ArtifactError(
      'KEY_MALFORMED',
      `${what} ${file} is missing: run \`hale artifact keys generate\` (or \`keys import\`) first`,
      { details: { file } },
    );
  }
}

/** The trust policy: the configured file, else the store's own two public keys. */
export function trustPolicyOf(config: HaleConfig): TrustPolicy {
  if (config.artifactStore.trustPolicy) return loadTrustPolicy(config.artifactStore.trustPolicy);
  const files = artifactKeyFiles(config.dataDir);
  return singleKeyPolicy(
    publicKeyFromPem(readKeyFile(files.indexPub, 'index public key'), files.indexPub),
    publicKeyFromPem(readKeyFile(files.signingPub, 'signing public key'), files.signingPub),
    `the store's own keys in ${files.dir}`,
  );
}

/** The writer's private keys, decrypted with `password` (default COSIGN_PASSWORD, as cosign does). */
export async function writerKeys(
  config: HaleConfig,
  password: string | undefined = process.env.COSIGN_PASSWORD,
): Promise<WriterKeys> {
  const files = artifactKeyFiles(config.dataDir);
  const open = async (file: string, what: string) => {
    try {
      return await loadCosignPrivateKey(readKeyFile(file, what), password);
    } catch (err) {
      if (err instanceof ArtifactError && err.code !== 'KEY_MALFORMED') {
        throw new ArtifactError(
          err.code,
          `${file}: ${err.message} (the password comes from COSIGN_PASSWORD)`,
          {
            cause: err,
          },
        );
      }
      throw err;
    }
  };
  return {
    signing: await open(files.signingKey, 'signing key'),
    index: await open(files.indexKey, 'index key'),
  };
}

/** The configured store with its trust policy, this client's index memory and the ledger as evidence. */
export async function openSiteStore(
  config: HaleConfig,
  db: Db,
  actor: string,
  policy: TrustPolicy = trustPolicyOf(config),
): Promise<ArtifactStore> {
  fs.mkdirSync(config.artifactStore.path, { recursive: true });
  const signer = await ensureSigner(db, config.dataDir, ARTIFACT_ACTOR);
  return new ArtifactStore({
    root: config.artifactStore.path,
    policy,
    seen: SeenIndexFile.forStore(path.join(config.dataDir, 'artifact-client'), config.artifactStore.path),
    evidence: ledgerEvidence(db, signer, config.artifactStore.path),
    actor,
    indexLifetimeMs: config.artifactStore.indexLifetimeDays * 24 * 3600 * 1000,
  });
}
