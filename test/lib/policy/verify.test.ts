import fs from 'node:fs';
import path from 'node:path';
import { generatePolicyKeyPair, verifyPolicyBundle, type PolicyTrust } from '../../../lib/policy';
import { runOpa } from '../../../lib/policy/opa-cli';
import {
  buildSigned,
  KEY_ID,
  opaBinary,
  rejection,
  repack,
  tamper,
  tempDir,
  unpack,
  type SignedBundle,
} from './support';

/** Hale checks what the wasm SDK does not: the bundle's OPA signature and every file's hash. */
describe('verifyPolicyBundle', () => {
  let dir: string;
  let es256: SignedBundle;

  beforeAll(async () => {
    dir = tempDir();
    es256 = await buildSigned(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts the bundle opa signed, and says what it verified', async () => {
    const verified = await verifyPolicyBundle(es256.bytes, es256.trust);
    expect(verified).toMatchObject({
      keyId: KEY_ID,
      revision: 'test-rev-1',
      entrypoint: 'hale/governance/decision',
    });
    expect(verified.sha256).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(verified.files).toEqual(expect.arrayContaining(['.manifest', 'data.json', 'policy.wasm']));
    expect(verified.wasm.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
  });

  it('accepts an EdDSA-signed bundle with an Ed25519 key', async () => {
    const eddsa = await buildSigned(dir, { algorithm: 'EdDSA' });
    await expect(verifyPolicyBundle(eddsa.bytes, eddsa.trust)).resolves.toMatchObject({ keyId: KEY_ID });
  });

  it.each(['data.json', 'policy.wasm', '.manifest', 'hale/governance/rbac.rego'])(
    'refuses a changed %s as POLICY_FILE_HASH_MISMATCH naming the file',
    async (name) => {
      const bytes = await tamper(es256.bytes, (files) => {
        const content = files.get(name) as Buffer;
        const changed =
          name === 'data.json'
            ? Buffer.from(content.toString().replace('"max_hosts":5', '"max_hosts":500'))
            : name === '.manifest'
              ? Buffer.from(content.toString().replace('test-rev-1', 'test-rev-2'))
              : Buffer.concat([content, Buffer.from('\n')]);
        expect(changed.equals(content)).toBe(false);
        files.set(name, changed);
      });
      const err = await rejection(verifyPolicyBundle(bytes, es256.trust));
      expect(err).toMatchObject({ code: 'POLICY_FILE_HASH_MISMATCH', details: { file: name } });
    },
  );

  it('hashes data.json by content, as OPA does: re-indenting it keeps the signature valid', async () => {
    const bytes = await tamper(es256.bytes, (files) => {
      const data = JSON.parse((files.get('data.json') as Buffer).toString()) as unknown;
      files.set('data.json', Buffer.from(JSON.stringify(data, null, 4)));
    });
    await expect(verifyPolicyBundle(bytes, es256.trust)).resolves.toMatchObject({ keyId: KEY_ID });
  });

  it('refuses an added file (POLICY_FILE_UNSIGNED) and a removed one (POLICY_FILE_MISSING)', async () => {
    const added = await tamper(es256.bytes, (files) => {
      files.set('hale/governance/backdoor.rego', Buffer.from('package hale.governance\n'));
    });
    expect(await rejection(verifyPolicyBundle(added, es256.trust))).toMatchObject({
      code: 'POLICY_FILE_UNSIGNED',
      details: { file: 'hale/governance/backdoor.rego' },
    });
    const removed = await tamper(es256.bytes, (files) => files.delete('hale/governance/rbac.rego'));
    expect(await rejection(verifyPolicyBundle(removed, es256.trust))).toMatchObject({
      code: 'POLICY_FILE_MISSING',
      details: { file: 'hale/governance/rbac.rego' },
    });
  });

  it('refuses an unsigned bundle (no .signatures.json, or no JWT in it)', async () => {
    const none = await tamper(es256.bytes, (files) => files.delete('.signatures.json'));
    expect((await rejection(verifyPolicyBundle(none, es256.trust))).code).toBe('POLICY_BUNDLE_UNSIGNED');
    const empty = await tamper(es256.bytes, (files) =>
      files.set('.signatures.json', Buffer.from('{"signatures":[]}')),
    );
    expect((await rejection(verifyPolicyBundle(empty, es256.trust))).code).toBe('POLICY_BUNDLE_UNSIGNED');
  });

  it('refuses a bundle signed by another key under the trusted key id (POLICY_SIGNATURE_INVALID)', async () => {
    const other: PolicyTrust = {
      keys: { [KEY_ID]: { algorithm: 'ES256', publicKeyPem: generatePolicyKeyPair('ES256').publicKeyPem } },
    };
    expect(await rejection(verifyPolicyBundle(es256.bytes, other))).toMatchObject({
      code: 'POLICY_SIGNATURE_INVALID',
      details: { reason: 'signature' },
    });
  });

  it('refuses an unknown key id, an algorithm other than the trusted one, and a wrong scope', async () => {
    const unknown: PolicyTrust = { keys: { 'someone-else': es256.trust.keys[KEY_ID]! } };
    expect(await rejection(verifyPolicyBundle(es256.bytes, unknown))).toMatchObject({
      code: 'POLICY_SIGNATURE_INVALID',
      details: { reason: 'unknown-key' },
    });
    const eddsa: PolicyTrust = {
      keys: { [KEY_ID]: { algorithm: 'EdDSA', publicKeyPem: generatePolicyKeyPair('EdDSA').publicKeyPem } },
    };
    expect(await rejection(verifyPolicyBundle(es256.bytes, eddsa))).toMatchObject({
      code: 'POLICY_SIGNATURE_INVALID',
      details: { reason: 'algorithm' },
    });
    expect(await rejection(verifyPolicyBundle(es256.bytes, { ...es256.trust, scope: 'prod' }))).toMatchObject(
      {
        code: 'POLICY_SIGNATURE_INVALID',
        details: { reason: 'scope' },
      },
    );
    const scoped = await buildSigned(dir, { scope: 'prod' });
    await expect(verifyPolicyBundle(scoped.bytes, scoped.trust)).resolves.toMatchObject({ keyId: KEY_ID });
    expect((await rejection(verifyPolicyBundle(scoped.bytes, { keys: scoped.trust.keys }))).code).toBe(
      'POLICY_SIGNATURE_INVALID',
    );
  });

  it('refuses a JWT whose payload was swapped (signature no longer over it)', async () => {
    const bytes = await tamper(es256.bytes, (files) => {
      const doc = JSON.parse((files.get('.signatures.json') as Buffer).toString()) as {
        signatures: string[];
      };
      const [h, p, s] = (doc.signatures[0] as string).split('.') as [string, string, string];
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { files: { hash: string }[] };
      (payload.files[0] as { hash: string }).hash = '0'.repeat(64);
      doc.signatures = [`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`];
      files.set('.signatures.json', Buffer.from(JSON.stringify(doc)));
    });
    expect((await rejection(verifyPolicyBundle(bytes, es256.trust))).code).toBe('POLICY_SIGNATURE_INVALID');
  });

  it('refuses garbage, a path escaping the bundle, and a bundle without the governance module', async () => {
    expect((await rejection(verifyPolicyBundle(Buffer.from('not a bundle'), es256.trust))).code).toBe(
      'POLICY_BUNDLE_INVALID',
    );
    const files = await unpack(es256.bytes);
    files.set('../escape.rego', Buffer.from('x'));
    expect((await rejection(verifyPolicyBundle(await repack(files), es256.trust))).code).toBe(
      'POLICY_BUNDLE_INVALID',
    );
    const err = await rejection(
      verifyPolicyBundle(es256.bytes, es256.trust, { entrypoint: 'hale/other/decision' }),
    );
    expect(err.code).toBe('POLICY_BUNDLE_INVALID');
  });

  it("agrees with opa's own bundle verification (opa build --verification-key)", async () => {
    const pub = path.join(dir, 'policy.pub');
    fs.writeFileSync(pub, es256.publicKeyPem);
    const opaVerifies = async (bytes: Buffer): Promise<boolean> => {
      const file = path.join(dir, 'check.tar.gz');
      fs.writeFileSync(file, bytes);
      const args = ['build', '--bundle', file, '--verification-key', pub, '--verification-key-id', KEY_ID];
      args.push('--signing-alg', 'ES256', '--output', path.join(dir, 'rebuilt.tar.gz'));
      return (await runOpa(await opaBinary(), args, dir)).code === 0;
    };
    const data = (edit: (text: string) => string) =>
      tamper(es256.bytes, (files) =>
        files.set('data.json', Buffer.from(edit((files.get('data.json') as Buffer).toString()))),
      );
    const reindented = await data((t) => JSON.stringify(JSON.parse(t), null, 4));
    const changed = await data((t) => t.replace('"max_hosts":5', '"max_hosts":500'));
    const hale = async (bytes: Buffer): Promise<boolean> =>
      verifyPolicyBundle(bytes, es256.trust).then(
        () => true,
        () => false,
      );
    for (const [bytes, expected] of [
      [es256.bytes, true],
      [reindented, true],
      [changed, false],
    ] as const) {
      expect([await opaVerifies(bytes), await hale(bytes)]).toEqual([expected, expected]);
    }
  });
});
