import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACT_ACTOR, recordFileSigned, recordFileVerifyFailed } from '../../lib/artifacts/evidence';
import { ensureSigner } from '../../lib/ledger';
import { withLedgerDb } from '../evidence/open';
import { ArtifactError } from '../../lib/artifacts/errors';
import {
  keyId,
  loadCosignPrivateKey,
  loadPublicKey,
  parseBundle,
  serializeBundle,
  signFile,
  createBundle,
  verifyFileSignature,
  verifyFileWithBundle,
} from '../../lib/artifacts/signing';
import { stringFlag, type ParsedArgs } from '../args';
import { UsageError } from '../usage-error';

function readInput(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function requireFile(file: string | undefined, usage: string): string {
  if (!file) throw new UsageError(usage);
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  return file;
}

/**
 * `hale artifact sign FILE --key cosign.key [--bundle out.json]`: prints the base64 signature as
 * `cosign sign-blob --key` does (any file, in the store or not); the bundle is cosign-compatible.
 * The signing is recorded on the ledger as custody (digest, signature, key id).
 */
export async function signCommand(args: ParsedArgs): Promise<number> {
  const usage = 'usage: hale artifact sign FILE --key cosign.key [--bundle out.json]';
  const file = requireFile(args.positional[1], usage);
  const keyFile = stringFlag(args, 'key');
  if (!keyFile) throw new UsageError(usage);
  const key = await loadCosignPrivateKey(readInput(keyFile, 'key'), process.env.COSIGN_PASSWORD);
  const signed = await signFile(file, key);
  const bundleOut = stringFlag(args, 'bundle');
  if (bundleOut) {
    fs.writeFileSync(
      bundleOut,
      serializeBundle(createBundle({ publicKey: key, sha256: signed.sha256, signature: signed.signature })),
    );
  }
  await withLedgerDb(args, async (db, dataDir) =>
    recordFileSigned(db, await ensureSigner(db, dataDir, ARTIFACT_ACTOR), {
      path: path.resolve(file),
      sha256: signed.sha256,
      signature: signed.signature,
      keyId: keyId(key),
    }),
  );
  console.log(signed.signature);
  return 0;
}

/** The --signature value: a file holding the base64 signature, or the base64 text itself (as cosign). */
function signatureText(value: string): string {
  return fs.existsSync(value) ? fs.readFileSync(value, 'utf8').trim() : value.trim();
}

/**
 * `hale artifact verify FILE --key cosign.pub (--signature SIG | --bundle B.json)`: exit 0 printing
 * the digest when valid, exit 1 with the reason when not (the failure is recorded on the ledger).
 */
export async function verifyFileCommand(args: ParsedArgs): Promise<number> {
  const usage = 'usage: hale artifact verify FILE --key cosign.pub (--signature SIG | --bundle B.json)';
  const file = requireFile(args.positional[1], usage);
  const keyFile = stringFlag(args, 'key');
  const signature = stringFlag(args, 'signature');
  const bundleFile = stringFlag(args, 'bundle');
  if (!keyFile || (signature === undefined) === (bundleFile === undefined)) throw new UsageError(usage);
  let key;
  try {
    key = loadPublicKey(readInput(keyFile, 'key'));
  } catch (err) {
    if (err instanceof ArtifactError) throw new UsageError(`${keyFile}: ${err.code}: ${err.message}`);
    throw err;
  }
  let checked;
  try {
    checked = bundleFile
      ? await verifyFileWithBundle(file, key, parseBundle(readInput(bundleFile, 'bundle'), bundleFile))
      : await verifyFileSignature(file, key, signatureText(signature as string));
  } catch (err) {
    if (err instanceof ArtifactError) {
      const failure = { path: path.resolve(file), keyId: keyId(key), err };
      await withLedgerDb(args, async (db, dataDir) =>
        recordFileVerifyFailed(db, await ensureSigner(db, dataDir, ARTIFACT_ACTOR), failure),
      );
    }
    throw err;
  }
  console.log(`Verified OK: ${file} sha256:${checked.sha256} (${checked.size} bytes)`);
  return 0;
}
