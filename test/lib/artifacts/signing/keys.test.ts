import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  exportCosignPrivateKey,
  generateCosignKeyPair,
  keyId,
  loadCosignPrivateKey,
  loadPublicKey,
  publicKeyPem,
  signFile,
  verifyFileSignature,
} from '../../../../lib/artifacts/signing';
import { cosign, cosignSign, cosignVerify, removeDir, tempDir } from './cosign-cli';

async function codeOf(work: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('cosign key formats', () => {
  let dir: string;
  let cosignKey: string;
  let cosignPub: string;

  beforeAll(async () => {
    dir = tempDir();
    const made = await cosign(['generate-key-pair'], dir, 'cosign-pw');
    expect(made).toMatchObject({ code: 0 });
    cosignKey = fs.readFileSync(path.join(dir, 'cosign.key'), 'utf8');
    cosignPub = fs.readFileSync(path.join(dir, 'cosign.pub'), 'utf8');
    fs.writeFileSync(path.join(dir, 'blob.txt'), 'release 1.2.3\n');
  });
  afterAll(() => removeDir(dir));

  it('loads a pair from `cosign generate-key-pair` and signs what cosign verifies', async () => {
    const key = await loadCosignPrivateKey(cosignKey, 'cosign-pw');
    expect(publicKeyPem(key)).toBe(cosignPub);
    const pub = loadPublicKey(cosignPub);
    const der = pub.export({ format: 'der', type: 'spki' });
    expect(keyId(pub)).toBe(crypto.createHash('sha256').update(der).digest('hex'));
    expect(keyId(key)).toBe(keyId(pub));

    const signed = await signFile(path.join(dir, 'blob.txt'), key);
    fs.writeFileSync(path.join(dir, 'hale.sig'), signed.signature);
    const run = await cosignVerify(dir, 'cosign.pub', 'blob.txt', ['--signature', 'hale.sig']);
    expect(run).toMatchObject({ code: 0 });
  });

  it('exports a pair that cosign signs with and verifies', async () => {
    const pair = await generateCosignKeyPair('hale-pw');
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n/);
    fs.writeFileSync(path.join(dir, 'hale.key'), pair.privateKeyPem);
    fs.writeFileSync(path.join(dir, 'hale.pub'), pair.publicKeyPem);

    const signed = await cosignSign(dir, 'hale.key', 'hale-pw', 'blob.txt', 'signature');
    expect(signed).toMatchObject({ code: 0 });
    const run = await cosignVerify(dir, 'hale.pub', 'blob.txt', ['--signature', 'blob.txt.sig']);
    expect(run).toMatchObject({ code: 0 });
    // …and the exported key reads back with the same public half.
    const back = await loadCosignPrivateKey(pair.privateKeyPem, 'hale-pw');
    expect(publicKeyPem(back)).toBe(pair.publicKeyPem);
    const sig = fs.readFileSync(path.join(dir, 'blob.txt.sig'), 'utf8');
    await expect(
      verifyFileSignature(path.join(dir, 'blob.txt'), loadPublicKey(pair.publicKeyPem), sig),
    ).resolves.toEqual(expect.objectContaining({ size: 14 }));
  });

  it('names a wrong and a missing password', async () => {
    expect(await codeOf(loadCosignPrivateKey(cosignKey, 'not-it'))).toBe('KEY_PASSWORD_WRONG');
    expect(await codeOf(loadCosignPrivateKey(cosignKey))).toBe('KEY_PASSWORD_MISSING');
    expect(await codeOf(loadCosignPrivateKey(cosignKey, ''))).toBe('KEY_PASSWORD_WRONG');
  });

  it('reads a key cosign wrote with an empty password without one', async () => {
    const sub = path.join(dir, 'empty');
    fs.mkdirSync(sub);
    expect(await cosign(['generate-key-pair'], sub, '')).toMatchObject({ code: 0 });
    const key = await loadCosignPrivateKey(fs.readFileSync(path.join(sub, 'cosign.key'), 'utf8'));
    expect(publicKeyPem(key)).toBe(fs.readFileSync(path.join(sub, 'cosign.pub'), 'utf8'));
  });

  it('rejects malformed private keys as KEY_MALFORMED', async () => {
    const body = cosignKey.split('\n').slice(1, -2).join('');
    const json = JSON.parse(Buffer.from(body, 'base64').toString()) as { kdf: Record<string, unknown> };
    const wrap = (text: string): string =>
      `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${Buffer.from(text).toString('base64')}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n`;
    const noSalt = { ...json, kdf: { ...json.kdf, salt: undefined } };
    const cases = [
      'garbage',
      cosignKey.replace(/\n[A-Za-z0-9+/]{8}/, '\n!!!!!!!!'),
      cosignKey.replace('-----END ENCRYPTED SIGSTORE', '-----END ENCRYPTED COSIGN'),
      wrap('{not json'),
      wrap(JSON.stringify(noSalt)),
      wrap(JSON.stringify({ ...json, cipher: { name: 'aes-gcm', nonce: 'AAAA' } })),
      cosignPub,
    ];
    for (const pem of cases)
      expect(await codeOf(loadCosignPrivateKey(pem, 'cosign-pw'))).toBe('KEY_MALFORMED');
    expect(
      await codeOf(() => loadPublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n')),
    ).toBe('KEY_MALFORMED');
  });

  it('rejects keys other than ECDSA P-256 as KEY_UNSUPPORTED', async () => {
    const p384 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(await codeOf(exportCosignPrivateKey(p384.privateKey, 'pw'))).toBe('KEY_UNSUPPORTED');
    const pem = p384.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(await codeOf(() => loadPublicKey(pem))).toBe('KEY_UNSUPPORTED');
    const p256 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ed = crypto.generateKeyPairSync('ed25519');
    expect(await codeOf(signFile(path.join(dir, 'blob.txt'), ed.privateKey))).toBe('KEY_UNSUPPORTED');
    expect(await codeOf(exportCosignPrivateKey(p256.publicKey, 'pw'))).toBe('ARTIFACT_INPUT_INVALID');
  });
});
