import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACT_ACTOR, ledgerEvidence } from '../../lib/artifacts/evidence';
import { ArtifactError } from '../../lib/artifacts/errors';
import { loadCosignPrivateKey } from '../../lib/artifacts/signing';
import { ArtifactStore, type WriterKeys } from '../../lib/artifacts/store/store';
import { publicKeyFromPem } from '../../lib/artifacts/trust/keys';
import { loadTrustPolicy, singleKeyPolicy, type TrustPolicy } from '../../lib/artifacts/trust/policy';
import { SeenIndexFile } from '../../lib/artifacts/trust/seen-index';
import { loadConfig, type HaleConfig } from '../../lib/config';
import { ensureSigner, keysDir } from '../../lib/ledger';
import { stringFlag, type ParsedArgs } from '../args';
import { withLedgerDb } from '../evidence/open';

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

/** The writer's private keys, decrypted with COSIGN_PASSWORD (as cosign does). */
export async function writerKeys(config: HaleConfig): Promise<WriterKeys> {
  const files = artifactKeyFiles(config.dataDir);
  const password = process.env.COSIGN_PASSWORD;
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

export interface StoreContext {
  config: HaleConfig;
  store: ArtifactStore;
}

/** Opens the configured store with its trust policy, this client's index memory and the ledger. */
export async function withStore<T>(args: ParsedArgs, fn: (ctx: StoreContext) => Promise<T>): Promise<T> {
  const config = loadConfig({ path: stringFlag(args, 'config') });
  const policy = trustPolicyOf(config);
  fs.mkdirSync(config.artifactStore.path, { recursive: true });
  return withLedgerDb(args, async (db, dataDir) => {
    const signer = await ensureSigner(db, dataDir, ARTIFACT_ACTOR);
    const store = new ArtifactStore({
      root: config.artifactStore.path,
      policy,
      seen: SeenIndexFile.forStore(path.join(dataDir, 'artifact-client'), config.artifactStore.path),
      evidence: ledgerEvidence(db, signer, config.artifactStore.path),
      actor: stringFlag(args, 'actor') ?? process.env.USER ?? 'hale',
      indexLifetimeMs: config.artifactStore.indexLifetimeDays * 24 * 3600 * 1000,
    });
    return fn({ config, store });
  });
}
