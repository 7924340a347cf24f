import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  digestFile,
  generateCosignKeyPair,
  loadCosignPrivateKey,
  loadPublicKey,
  signBytes,
  signFile,
  verifyBytesSignature,
  verifyFileSignature,
} from '../../../../lib/artifacts/signing';
import { cosignSign, cosignVerify, expectCosignRejects, flipBit, removeDir, tempDir } from './cosign-cli';

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  return work.then(
    () => undefined,
    (err: { code?: string }) => err.code,
  );
}

describe('blob signatures (cosign sign-blob --key)', () => {
  let dir: string;
  let key: KeyObject;
  let pub: KeyObject;
  let blob: string;
  let content: Buffer;

  beforeAll(async () => {
    dir = tempDir();
    const pair = await generateCosignKeyPair('pw');
    fs.writeFileSync(path.join(dir, 'k.key'), pair.privateKeyPem);
    fs.writeFileSync(path.join(dir, 'k.pub'), pair.publicKeyPem);
    key = await loadCosignPrivateKey(pair.privateKeyPem, 'pw');
    pub = loadPublicKey(pair.publicKeyPem);
    // Crosses several 4 MiB read chunks and ends mid-chunk.
    content = crypto.randomBytes(9 * 1024 * 1024 + 3);
    blob = path.join(dir, 'blob.bin');
    fs.writeFileSync(blob, content);
  });
  afterAll(() => removeDir(dir));

  it('digests a file in chunks exactly as a one-shot SHA-256', async () => {
    const expected = crypto.createHash('sha256').update(content).digest('hex');
    await expect(digestFile(blob)).resolves.toEqual({ sha256: expected, size: content.length });
    fs.writeFileSync(path.join(dir, 'empty'), '');
    await expect(digestFile(path.join(dir, 'empty'))).resolves.toEqual({
      sha256: crypto.createHash('sha256').digest('hex'),
      size: 0,
    });
    expect(await codeOf(digestFile(path.join(dir, 'missing')))).toBe('ARTIFACT_INPUT_INVALID');
  });

  it('signs a file so that cosign verifies it, and cosign rejects the tampered blob', async () => {
    const signed = await signFile(blob, key);
    expect(signed.sha256).toBe(crypto.createHash('sha256').update(content).digest('hex'));
    fs.writeFileSync(path.join(dir, 'hale.sig'), signed.signature);
    expect(await cosignVerify(dir, 'k.pub', 'blob.bin', ['--signature', 'hale.sig'])).toMatchObject({
      code: 0,
    });

    const tampered = flipBit(content, 5 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, 'tampered.bin'), tampered);
    const run = await cosignVerify(dir, 'k.pub', 'tampered.bin', ['--signature', 'hale.sig']);
    expectCosignRejects(run);
    expect(await codeOf(verifyFileSignature(path.join(dir, 'tampered.bin'), pub, signed.signature))).toBe(
      'SIGNATURE_INVALID',
    );
  });

  it('verifies what cosign signs, and rejects it for another file or key', async () => {
    expect(await cosignSign(dir, 'k.key', 'pw', 'blob.bin', 'signature')).toMatchObject({ code: 0 });
    const sig = fs.readFileSync(path.join(dir, 'blob.bin.sig'), 'utf8');
    await expect(verifyFileSignature(blob, pub, sig)).resolves.toEqual({
      sha256: crypto.createHash('sha256').update(content).digest('hex'),
      size: content.length,
    });
    fs.writeFileSync(path.join(dir, 'other.bin'), 'other');
    expect(await codeOf(verifyFileSignature(path.join(dir, 'other.bin'), pub, sig))).toBe(
      'SIGNATURE_INVALID',
    );
    const stranger = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(await codeOf(verifyFileSignature(blob, stranger, sig))).toBe('SIGNATURE_INVALID');
  });

  it('rejects a tampered signature (Hale and cosign) and names a malformed one', async () => {
    const good = Buffer.from((await signFile(blob, key)).signature, 'base64');
    const der = flipBit(good, good.length - 1); // last byte of s: still well-formed DER
    const bad = der.toString('base64');
    expect(await codeOf(verifyFileSignature(blob, pub, bad))).toBe('SIGNATURE_INVALID');
    fs.writeFileSync(path.join(dir, 'bad.sig'), bad);
    expectCosignRejects(await cosignVerify(dir, 'k.pub', 'blob.bin', ['--signature', 'bad.sig']));

    for (const malformed of [
      '',
      'not base64!',
      Buffer.from('hello').toString('base64'),
      der.subarray(1).toString('base64'),
    ]) {
      expect(await codeOf(verifyFileSignature(blob, pub, malformed))).toBe('SIGNATURE_MALFORMED');
    }
  });

  it('signs and verifies bytes in memory with the same format', () => {
    const data = Buffer.from('in memory');
    const sig = signBytes(data, key);
    expect(() => verifyBytesSignature(data, pub, sig)).not.toThrow();
    expect(() => verifyBytesSignature(Buffer.from('in memorY'), pub, sig)).toThrow(
      expect.objectContaining({ code: 'SIGNATURE_INVALID' }),
    );
    // Same wire format as a file signature: a bytes signature verifies the file holding those bytes.
    expect(crypto.verify('sha256', data, pub, Buffer.from(sig, 'base64'))).toBe(true);
  });
});
