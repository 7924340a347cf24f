import fs from 'node:fs';
import path from 'node:path';
import { generateCosignKeyPair } from '../../lib/artifacts/signing';
import { artifactKeyFiles } from '../../lib/artifacts/site';
import { loadConfig, type HaleConfig } from '../../lib/config';

/**
 * A site in `dir`: hale.yaml (data_dir ./data plus `yaml`) and the artifact store's two cosign key
 * pairs in <data_dir>/keys, encrypted with `password` (set COSIGN_PASSWORD to it to write the store).
 */
export async function siteWithStoreKeys(dir: string, password: string, yaml = ''): Promise<HaleConfig> {
  fs.writeFileSync(path.join(dir, 'hale.yaml'), `data_dir: ./data\n${yaml}`);
  const config = loadConfig({ path: path.join(dir, 'hale.yaml'), env: {} });
  const files = artifactKeyFiles(config.dataDir);
  fs.mkdirSync(files.dir, { recursive: true });
  for (const [key, pub] of [
    [files.signingKey, files.signingPub],
    [files.indexKey, files.indexPub],
  ] as const) {
    const pair = await generateCosignKeyPair(password);
    fs.writeFileSync(key, pair.privateKeyPem);
    fs.writeFileSync(pub, pair.publicKeyPem);
  }
  return config;
}
