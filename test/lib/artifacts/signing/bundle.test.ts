import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MessageSignatureBundle } from '../../../../lib/artifacts/signing';
import {
  BUNDLE_MEDIA_TYPE,
  createBundle,
  generateCosignKeyPair,
  loadCosignPrivateKey,
  loadPublicKey,
  parseBundle,
  publicKeyHint,
  serializeBundle,
  signFile,
  signFileToBundle,
  verifyFileWithBundle,
} from '../../../../lib/artifacts/signing';
import { cosignSign, cosignVerify, expectCosignRejects, flipBit, removeDir, tempDir } from './cosign-cli';

async function codeOf(work: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('Sigstore bundles v0.3 (key-based, no tlog)', () => {
  let dir: string;
  let key: KeyObject;
  let pub: KeyObject;
  const blob = (): string => path.join(dir, 'app.tgz');

  beforeAll(async () => {
    dir = tempDir();
    const pair = await generateCosignKeyPair('pw');
    fs.writeFileSync(path.join(dir, 'k.key'), pair.privateKeyPem);
    fs.writeFileSync(path.join(dir, 'k.pub'), pair.publicKeyPem);
    key = await loadCosignPrivateKey(pair.privateKeyPem, 'pw');
    pub = loadPublicKey(pair.publicKeyPem);
    fs.writeFileSync(blob(), crypto.randomBytes(100_000));
  });
  afterAll(() => removeDir(dir));

  function writeBundle(name: string, bundle: MessageSignatureBundle): string {
    fs.writeFileSync(path.join(dir, name), serializeBundle(bundle));
    return name;
  }

  it('writes bundles that cosign verify-blob accepts', async () => {
    const { bundle } = await signFileToBundle(blob(), key);
    expect(bundle.mediaType).toBe(BUNDLE_MEDIA_TYPE);
    const name = writeBundle('hale.json', bundle);
    expect(await cosignVerify(dir, 'k.pub', 'app.tgz', ['--bundle', name])).toMatchObject({ code: 0 });
    await expect(
      verifyFileWithBundle(blob(), pub, parseBundle(serializeBundle(bundle), name)),
    ).resolves.toEqual(expect.objectContaining({ size: 100_000 }));
  });

  it('verifies bundles cosign writes, whose hint is the base64 SHA-256 of the DER public key', async () => {
    expect(await cosignSign(dir, 'k.key', 'pw', 'app.tgz', 'bundle')).toMatchObject({ code: 0 });
    const text = fs.readFileSync(path.join(dir, 'app.tgz.bundle.json'), 'utf8');
    const bundle = parseBundle(text, 'app.tgz.bundle.json');
    expect(bundle.verificationMaterial.publicKey.hint).toBe(publicKeyHint(pub));
    const der = pub.export({ format: 'der', type: 'spki' });
    expect(publicKeyHint(pub)).toBe(crypto.createHash('sha256').update(der).digest('base64'));
    const digest = await verifyFileWithBundle(blob(), pub, bundle);
    expect(Buffer.from(digest.sha256, 'hex').toString('base64')).toBe(
      bundle.messageSignature.messageDigest.digest,
    );
  });

  it('rejects a messageDigest that is not the file, even with a valid signature (Hale and cosign)', async () => {
    const signed = await signFile(blob(), key);
    const other = crypto.createHash('sha256').update('something else').digest('hex');
    const bundle = createBundle({ publicKey: pub, sha256: other, signature: signed.signature });
    expect(await codeOf(verifyFileWithBundle(blob(), pub, bundle))).toBe('BUNDLE_DIGEST_MISMATCH');
    const name = writeBundle('digest.json', bundle);
    expectCosignRejects(await cosignVerify(dir, 'k.pub', 'app.tgz', ['--bundle', name]));
  });

  it('rejects a tampered blob and a tampered signature (Hale and cosign)', async () => {
    const { bundle } = await signFileToBundle(blob(), key);
    const name = writeBundle('good.json', bundle);
    const changed = flipBit(fs.readFileSync(blob()), 0);
    fs.writeFileSync(path.join(dir, 'changed.tgz'), changed);
    expect(await codeOf(verifyFileWithBundle(path.join(dir, 'changed.tgz'), pub, bundle))).toBe(
      'BUNDLE_DIGEST_MISMATCH',
    );
    expectCosignRejects(await cosignVerify(dir, 'k.pub', 'changed.tgz', ['--bundle', name]));

    const good = Buffer.from(bundle.messageSignature.signature, 'base64');
    const sig = flipBit(good, good.length - 1);
    const forged = {
      ...bundle,
      messageSignature: { ...bundle.messageSignature, signature: sig.toString('base64') },
    };
    expect(await codeOf(verifyFileWithBundle(blob(), pub, forged))).toBe('SIGNATURE_INVALID');
    const forgedName = writeBundle('forged.json', forged);
    expectCosignRejects(await cosignVerify(dir, 'k.pub', 'app.tgz', ['--bundle', forgedName]));
  });

  it('names the malformed field', async () => {
    const { bundle } = await signFileToBundle(blob(), key);
    const good = JSON.parse(serializeBundle(bundle)) as Record<string, Record<string, unknown>>;
    const field = (text: string): unknown => {
      try {
        parseBundle(text, 'b.json');
      } catch (err) {
        return [(err as { code?: string }).code, (err as { details: { field?: string } }).details.field];
      }
      return 'accepted';
    };
    const ms = good.messageSignature as Record<string, unknown>;
    const md = ms.messageDigest as Record<string, unknown>;
    const variant = (patch: object): string => JSON.stringify({ ...good, ...patch });
    expect(field('{')).toEqual(['BUNDLE_MALFORMED', '']);
    expect(field(variant({ mediaType: 'application/json' }))).toEqual(['BUNDLE_MALFORMED', 'mediaType']);
    expect(field(variant({ verificationMaterial: { x509CertificateChain: {} } }))).toEqual([
      'BUNDLE_MALFORMED',
      'verificationMaterial.publicKey',
    ]);
    expect(field(variant({ messageSignature: undefined }))).toEqual(['BUNDLE_MALFORMED', 'messageSignature']);
    expect(
      field(variant({ messageSignature: { ...ms, messageDigest: { ...md, algorithm: 'SHA2_384' } } })),
    ).toEqual(['BUNDLE_MALFORMED', 'messageSignature.messageDigest.algorithm']);
    expect(field(variant({ messageSignature: { ...ms, messageDigest: { ...md, digest: 'AAAA' } } }))).toEqual(
      ['BUNDLE_MALFORMED', 'messageSignature.messageDigest.digest'],
    );
    expect(field(variant({ messageSignature: { ...ms, signature: 'not base64!' } }))).toEqual([
      'BUNDLE_MALFORMED',
      'messageSignature.signature',
    ]);
    expect(field(JSON.stringify(good))).toBe('accepted');
    expect(await codeOf(() => createBundle({ publicKey: pub, sha256: 'xyz', signature: '' }))).toBe(
      'ARTIFACT_INPUT_INVALID',
    );
  });
});
