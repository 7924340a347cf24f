import fs from 'node:fs';
import { ArtifactError } from '../../lib/artifacts/errors';
import {
  exportCosignPrivateKey,
  generateCosignKeyPair,
  keyId,
  loadCosignPrivateKey,
  loadPublicKey,
  publicKeyPem,
} from '../../lib/artifacts/signing';
import { loadConfig } from '../../lib/config';
import { stringFlag, type ParsedArgs } from '../args';
import { UsageError } from '../usage-error';
import { artifactKeyFiles } from './context';

function password(): string {
  const value = process.env.COSIGN_PASSWORD;
  if (value === undefined) {
    throw new ArtifactError(
      'KEY_PASSWORD_MISSING',
      'set COSIGN_PASSWORD: private keys are written encrypted with it (as cosign does); an empty value means no password',
    );
  }
  return value;
}

function writeNew(file: string, text: string, mode: number): void {
  fs.writeFileSync(file, text, { mode, flag: 'wx' });
}

/** `hale artifact keys generate`: the store's signing and index key pairs, never overwriting. */
export async function keysGenerateCommand(args: ParsedArgs): Promise<number> {
  const config = loadConfig({ path: stringFlag(args, 'config') });
  const files = artifactKeyFiles(config.dataDir);
  const existing = [files.signingKey, files.indexKey, files.signingPub, files.indexPub].filter((f) =>
    fs.existsSync(f),
  );
  if (existing.length > 0) {
    throw new UsageError(`refusing to overwrite ${existing.join(', ')}; move them away first`);
  }
  const pw = password();
  fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  for (const [role, keyFile, pubFile] of [
    ['signing', files.signingKey, files.signingPub],
    ['index', files.indexKey, files.indexPub],
  ] as const) {
    const pair = await generateCosignKeyPair(pw);
    writeNew(keyFile, pair.privateKeyPem, 0o600);
    writeNew(pubFile, pair.publicKeyPem, 0o644);
    console.log(
      `${role} key: ${keyFile} (public ${pubFile}, key id ${keyId(loadPublicKey(pair.publicKeyPem))})`,
    );
  }
  return 0;
}

/**
 * `hale artifact keys import --role signing|index --key cosign.key`: adopts an existing cosign key
 * (e.g. made by `cosign generate-key-pair`) after proving COSIGN_PASSWORD opens it; the stored copy
 * is re-encrypted by Hale with the same password and the public key is derived from it.
 */
export async function keysImportCommand(args: ParsedArgs): Promise<number> {
  const role = stringFlag(args, 'role');
  const source = stringFlag(args, 'key');
  if ((role !== 'signing' && role !== 'index') || !source) {
    throw new UsageError('keys import needs --role signing|index and --key <cosign.key>');
  }
  const config = loadConfig({ path: stringFlag(args, 'config') });
  const files = artifactKeyFiles(config.dataDir);
  const [keyFile, pubFile] =
    role === 'signing' ? [files.signingKey, files.signingPub] : [files.indexKey, files.indexPub];
  if (fs.existsSync(keyFile)) throw new UsageError(`refusing to overwrite ${keyFile}; move it away first`);
  let pem: string;
  try {
    pem = fs.readFileSync(source, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${source}`);
  }
  const pw = password();
  const key = await loadCosignPrivateKey(pem, pw);
  fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  writeNew(keyFile, await exportCosignPrivateKey(key, pw), 0o600);
  fs.writeFileSync(pubFile, publicKeyPem(key), { mode: 0o644 });
  console.log(`${role} key imported: ${keyFile} (key id ${keyId(key)})`);
  return 0;
}
