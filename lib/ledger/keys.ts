import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LedgerError } from './errors';

/** A component's own signing key (Ed25519). Each component has one; none is shared. */
export interface LedgerSigner {
  actor: string;
  keyId: string;
  algorithm: 'ed25519';
  /** SPKI DER, base64: what the ledger registers. */
  publicKey: string;
  sign(message: string): string;
}

/** key id = "ed25519:" + first 32 hex digits of SHA-256 over the SPKI DER public key. */
export function keyIdOf(publicKeyB64: string): string {
  return `ed25519:${createHash('sha256').update(Buffer.from(publicKeyB64, 'base64')).digest('hex').slice(0, 32)}`;
}

function signerFrom(actor: string, privateKey: KeyObject): LedgerSigner {
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    actor,
    keyId: keyIdOf(publicKey),
    algorithm: 'ed25519',
    publicKey,
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64'),
  };
}

export function generateSigner(actor: string): LedgerSigner {
  return signerFrom(actor, generateKeyPairSync('ed25519').privateKey);
}

/** Loads `<dir>/<actor>.key` (PKCS#8 PEM), creating it (mode 0600) when missing. */
export function loadOrCreateSigner(dir: string, actor: string): { signer: LedgerSigner; created: boolean } {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(actor))
    throw new LedgerError('LEDGER_KEY_INVALID', `actor ${actor} is not a valid key name`);
  const file = path.join(dir, `${actor}.key`);
  if (fs.existsSync(file)) {
    try {
      return { signer: signerFrom(actor, createPrivateKey(fs.readFileSync(file))), created: false };
    } catch (err) {
      throw new LedgerError('LEDGER_KEY_INVALID', `cannot read the signing key ${file}`, { cause: err });
    }
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return { signer: signerFrom(actor, privateKey), created: true };
}

/** Verifies an Ed25519 signature (base64) over `message` with an SPKI DER (base64) key; never throws. */
export function verifySignature(publicKeyB64: string, message: string, signatureB64: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}
