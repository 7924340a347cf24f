import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateCosignKeyPair } from '../lib/artifacts/signing';
import { artifactKeyFiles } from '../lib/artifacts/site';

/** Where the demo keeps the password of store keys it generated itself (0600, never printed). */
export const DEMO_PASSWORD_FILE = 'demo-cosign-password';

/**
 * The password of the store's private keys: COSIGN_PASSWORD when set (as for every `hale artifact`
 * command), else the demo's own password file in <data_dir>/keys (made on first use).
 */
function storePassword(dataDir: string, create: boolean): string | undefined {
  if (process.env.COSIGN_PASSWORD !== undefined) return process.env.COSIGN_PASSWORD;
  const file = path.join(artifactKeyFiles(dataDir).dir, DEMO_PASSWORD_FILE);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  if (!create) return undefined;
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

/**
 * The store's signing and index key pairs in <data_dir>/keys, as `hale artifact keys generate`
 * writes them (cosign format, private keys encrypted, never overwritten); made when both are
 * missing. Returns the password that opens them (undefined: COSIGN_PASSWORD is needed).
 */
export async function ensureDemoStoreKeys(
  dataDir: string,
  say: (line: string) => void,
): Promise<string | undefined> {
  const files = artifactKeyFiles(dataDir);
  const pairs = [
    [files.signingKey, files.signingPub],
    [files.indexKey, files.indexPub],
  ] as const;
  if (pairs.every(([key]) => fs.existsSync(key))) return storePassword(dataDir, false);
  fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  const password = storePassword(dataDir, true) as string;
  for (const [key, pub] of pairs) {
    if (fs.existsSync(key)) continue;
    const pair = await generateCosignKeyPair(password);
    fs.writeFileSync(key, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(pub, pair.publicKeyPem, { mode: 0o644 });
  }
  const from =
    process.env.COSIGN_PASSWORD !== undefined ? 'COSIGN_PASSWORD' : `${files.dir}/${DEMO_PASSWORD_FILE}`;
  say(`artifact store keys created in ${files.dir} (password from ${from})`);
  return password;
}
