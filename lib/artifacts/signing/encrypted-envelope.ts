import crypto from 'node:crypto';
import { promisify } from 'node:util';
import nacl from 'tweetnacl';
import { ArtifactError } from '../errors';
import { decodeBase64 } from './base64';

/**
 * The password envelope of cosign's private keys (go-securesystemslib `encrypted`): JSON
 * {kdf:{name:"scrypt",params:{N,r,p},salt}, cipher:{name:"nacl/secretbox",nonce}, ciphertext},
 * byte fields in standard base64; key = scrypt(password, salt, N, r, p, 32).
 */
const SCRYPT_WRITE = { N: 65536, r: 8, p: 1 } as const;
/** Parameter sets go-securesystemslib accepts (legacy, standard, OWASP). */
const SCRYPT_ACCEPTED = [32768, 65536, 131072];
const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

interface Envelope {
  salt: Buffer;
  nonce: Buffer;
  ciphertext: Buffer;
  params: { N: number; r: number; p: number };
}

function deriveKey(password: string, salt: Buffer, params: Envelope['params']): Promise<Buffer> {
  return scrypt(password, salt, 32, { ...params, maxmem: 256 * params.N * params.r + 16 * 1024 * 1024 });
}

export async function sealWithPassword(plaintext: Buffer, password: string): Promise<string> {
  const salt = crypto.randomBytes(32);
  const nonce = crypto.randomBytes(24);
  const key = await deriveKey(password, salt, SCRYPT_WRITE);
  const ciphertext = Buffer.from(nacl.secretbox(plaintext, nonce, key));
  return JSON.stringify({
    kdf: { name: 'scrypt', params: SCRYPT_WRITE, salt: salt.toString('base64') },
    cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
    ciphertext: ciphertext.toString('base64'),
  });
}

/** Opens the envelope; `undefined` when the password does not open it (wrong password or altered bytes). */
export async function openWithPassword(json: string, password: string): Promise<Buffer | undefined> {
  const env = parseEnvelope(json);
  const key = await deriveKey(password, env.salt, env.params);
  const opened = nacl.secretbox.open(env.ciphertext, env.nonce, key);
  return opened ? Buffer.from(opened) : undefined;
}

function malformed(field: string, problem: string): ArtifactError {
  return new ArtifactError('KEY_MALFORMED', `encrypted private key: ${field} ${problem}`);
}

function field(obj: unknown, name: string, path: string): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
    throw malformed(path, 'is not an object');
  return (obj as Record<string, unknown>)[name];
}

function bytes(obj: unknown, name: string, path: string): Buffer {
  const value = field(obj, name, path);
  if (typeof value !== 'string') throw malformed(`${path}.${name}`, 'is missing or not a string');
  return decodeBase64(value, `encrypted private key: ${path}.${name}`, 'KEY_MALFORMED');
}

function parseEnvelope(json: string): Envelope {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new ArtifactError('KEY_MALFORMED', 'encrypted private key: body is not JSON', { cause: err });
  }
  const kdf = field(doc, 'kdf', 'key');
  if (field(kdf, 'name', 'kdf') !== 'scrypt') throw malformed('kdf.name', 'is not "scrypt"');
  const params = field(kdf, 'params', 'kdf');
  const [N, r, p] = ['N', 'r', 'p'].map((k) => field(params, k, 'kdf.params'));
  if (typeof N !== 'number' || !SCRYPT_ACCEPTED.includes(N) || r !== 8 || p !== 1) {
    throw malformed('kdf.params', `are unsupported (N=${String(N)}, r=${String(r)}, p=${String(p)})`);
  }
  const cipher = field(doc, 'cipher', 'key');
  if (field(cipher, 'name', 'cipher') !== 'nacl/secretbox')
    throw malformed('cipher.name', 'is not "nacl/secretbox"');
  const nonce = bytes(cipher, 'nonce', 'cipher');
  if (nonce.length !== 24) throw malformed('cipher.nonce', `has ${nonce.length} bytes, not 24`);
  const ciphertext = bytes(doc, 'ciphertext', 'key');
  if (ciphertext.length < nacl.secretbox.overheadLength) throw malformed('ciphertext', 'is too short');
  return { salt: bytes(kdf, 'salt', 'kdf'), nonce, ciphertext, params: { N, r: 8, p: 1 } };
}
