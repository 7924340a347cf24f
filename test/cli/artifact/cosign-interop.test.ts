import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { resolveCosign } from '../../../infra/tools';
import { PACKAGES, PASSWORD, Workspace } from './workspace';

interface CosignRun {
  code: number;
  out: string;
}

/** `hale artifact sign|verify FILE` against the real cosign binary (never skipped: a missing cosign fails). */
describe('hale artifact sign/verify and cosign', () => {
  let ws: Workspace;
  let cosignPath: string;
  const cosign = (args: string[]): Promise<CosignRun> =>
    new Promise((resolve) => {
      execFile(
        cosignPath,
        args,
        { env: { ...process.env, COSIGN_PASSWORD: PASSWORD }, timeout: 60000 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
          resolve({ code, out: `${stdout}${stderr}` });
        },
      );
    });

  beforeAll(async () => {
    cosignPath = (await resolveCosign({ build: false })).path;
    ws = Workspace.create('cosign');
    const keys = await ws.artifact(['keys', 'generate']);
    expect(keys.code).toBe(0);
  });
  afterAll(() => ws?.remove());

  it('signs a file that cosign verifies (signature and bundle), verifies both itself, and both refuse one changed byte', async () => {
    const key = path.join(ws.keys, 'artifact-signing.key');
    const pub = path.join(ws.keys, 'artifact-signing.pub');
    const file = ws.path('is-odd-3.0.1.tgz');
    fs.copyFileSync(path.join(PACKAGES, 'is-odd-3.0.1.tgz'), file);
    const bundle = ws.path('b.json');

    const signed = await ws.artifact(['sign', file, '--key', key, '--bundle', bundle]);
    expect(signed.code).toBe(0);
    const lines = signed.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    const sig = lines[0] as string;
    expect(sig).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(sig, 'base64')[0]).toBe(0x30); // an ASN.1 DER ECDSA signature, as cosign prints
    expect(fs.existsSync(bundle)).toBe(true);
    const sigFile = ws.path('b.sig');
    fs.writeFileSync(sigFile, `${sig}\n`);

    const cosignBundle = await cosign([
      'verify-blob',
      '--key',
      pub,
      '--bundle',
      bundle,
      '--insecure-ignore-tlog=true',
      file,
    ]);
    expect(cosignBundle).toMatchObject({ code: 0 });
    expect(cosignBundle.out).toContain('Verified OK');
    const cosignSig = await cosign([
      'verify-blob',
      '--key',
      pub,
      '--signature',
      sigFile,
      '--insecure-ignore-tlog=true',
      file,
    ]);
    expect(cosignSig).toMatchObject({ code: 0 });

    const haleSig = await ws.artifact(['verify', file, '--key', pub, '--signature', sig]);
    expect(haleSig.code).toBe(0);
    expect(haleSig.stdout).toMatch(
      new RegExp(`^Verified OK: ${file} sha256:[0-9a-f]{64} \\(2774 bytes\\)$`, 'm'),
    );
    const haleSigFile = await ws.artifact(['verify', file, '--key', pub, '--signature', sigFile]);
    expect(haleSigFile.code).toBe(0);
    const haleBundle = await ws.artifact(['verify', file, '--key', pub, '--bundle', bundle]);
    expect(haleBundle.code).toBe(0);
    expect(haleBundle.stdout).toContain(`Verified OK: ${file} sha256:`);

    // The other direction: a bundle made by `cosign sign-blob` with Hale's (cosign-format) key.
    const cosignMade = ws.path('cosign-made.json');
    const cosignSign = await cosign([
      'sign-blob',
      '--key',
      key,
      '--tlog-upload=false',
      '--use-signing-config=false',
      '--bundle',
      cosignMade,
      '--yes',
      file,
    ]);
    expect(cosignSign).toMatchObject({ code: 0 });
    expect((await ws.artifact(['verify', file, '--key', pub, '--bundle', cosignMade])).code).toBe(0);

    // One byte changed: Hale (exit 1, reason printed) and cosign both refuse.
    const bytes = fs.readFileSync(file);
    bytes[100] = (bytes[100] as number) ^ 0xff;
    fs.writeFileSync(file, bytes);

    const badSig = await ws.artifact(['verify', file, '--key', pub, '--signature', sig]);
    expect(badSig.code).toBe(1);
    expect(badSig.out).toContain('SIGNATURE_INVALID');
    expect(badSig.stdout).not.toContain('Verified OK');
    const badBundle = await ws.artifact(['verify', file, '--key', pub, '--bundle', bundle]);
    expect(badBundle.code).toBe(1);
    expect(badBundle.out).toContain('BUNDLE_DIGEST_MISMATCH');
    expect(badBundle.stdout).not.toContain('Verified OK');

    const cosignBad = await cosign([
      'verify-blob',
      '--key',
      pub,
      '--bundle',
      bundle,
      '--insecure-ignore-tlog=true',
      file,
    ]);
    expect(cosignBad.code).not.toBe(0);
    expect(cosignBad.out).not.toContain('Verified OK');
    const cosignBadSig = await cosign([
      'verify-blob',
      '--key',
      pub,
      '--signature',
      sigFile,
      '--insecure-ignore-tlog=true',
      file,
    ]);
    expect(cosignBadSig.code).not.toBe(0);
  });

  it('refuses a signing key with the wrong COSIGN_PASSWORD (exit 2) and writes no bundle', async () => {
    const file = ws.path('six.whl');
    fs.copyFileSync(path.join(PACKAGES, 'six-1.16.0-py2.py3-none-any.whl'), file);
    const bundle = ws.path('never.json');
    const r = await ws.artifact(
      ['sign', file, '--key', path.join(ws.keys, 'artifact-signing.key'), '--bundle', bundle],
      {
        COSIGN_PASSWORD: 'not the password',
      },
    );
    expect(r.code).toBe(2);
    expect(r.out).toContain('KEY_PASSWORD_WRONG');
    expect(r.stdout).toBe('');
    expect(fs.existsSync(bundle)).toBe(false);
  });
});
