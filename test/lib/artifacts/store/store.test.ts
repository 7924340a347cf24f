import { createSign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ArtifactError } from '../../../../lib/artifacts/errors';
import { singleKeyPolicy, type TrustPolicy } from '../../../../lib/artifacts/trust/policy';
import { keyIdOf } from '../../../../lib/artifacts/trust/keys';
import { signIndex, type SignedIndex } from '../../../../lib/artifacts/trust/signed-index';
import { p256, storeFixture, type StoreFixture } from './fixture';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ArtifactError) return err.code;
    throw err;
  }
  return 'resolved';
}

describe('artifact store', () => {
  let f: StoreFixture;
  const keys = () => ({ signing: f.signing.privateKey, index: f.index.privateKey });
  const ref = 'local://config-bundle/app-config/1.0.0/app-config-1.0.0.tgz';
  const readIndex = (): SignedIndex =>
    JSON.parse(fs.readFileSync(path.join(f.root, 'index/index.json'), 'utf8'));
  const writeIndex = (doc: SignedIndex) =>
    fs.writeFileSync(path.join(f.root, 'index/index.json'), JSON.stringify(doc));

  beforeEach(async () => {
    f = storeFixture();
    const store = f.open();
    const results = await store.import(
      [{ file: f.file('app-config-1.0.0.tgz', 'config v1 '.repeat(1000)) }],
      keys(),
      f.describe,
    );
    expect(results.map((r) => [r.ref, r.outcome])).toEqual([[ref, 'imported']]);
  });
  afterEach(() => f.dispose());

  it('imports, indexes and verifies an artifact before use (one signed index version per change)', async () => {
    const usable = await f.open().verifyForUse(ref);
    expect(usable.entry).toMatchObject({
      kind: 'config-bundle',
      name: 'app-config',
      status: 'good',
      length: 10000,
    });
    expect(fs.readFileSync(usable.file, 'utf8')).toBe('config v1 '.repeat(1000));
    expect(readIndex().signed.version).toBe(1);
    expect(f.events.filter((e) => e.kind === 'imported')).toHaveLength(1);
    // by digest too
    const byDigest = await f.open().verifyForUse(`local://sha256:${usable.entry.hashes.sha256}`);
    expect(byDigest.path).toBe(usable.path);
    // importing the same file again changes nothing and publishes nothing
    const again = await f
      .open()
      .import([{ file: path.join(f.mirror, 'app-config-1.0.0.tgz') }], keys(), f.describe);
    expect(again[0]?.outcome).toBe('unchanged');
    expect(readIndex().signed.version).toBe(1);
  });

  it('refuses a corrupt, truncated or grown blob (digest and length come from the signed index)', async () => {
    const { entry } = f.open().find(ref);
    const blob = path.join(f.root, 'blobs/sha256', entry.hashes.sha256.slice(0, 2), entry.hashes.sha256);
    const good = fs.readFileSync(blob);
    fs.writeFileSync(blob, Buffer.concat([good.subarray(0, 5000), Buffer.from('X'), good.subarray(5001)]));
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('ARTIFACT_BLOB_CORRUPT');
    fs.writeFileSync(blob, good.subarray(0, 9000));
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('ARTIFACT_BLOB_CORRUPT');
    fs.writeFileSync(blob, Buffer.concat([good, Buffer.alloc(5 * 1024 * 1024)]));
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('ARTIFACT_BLOB_CORRUPT');
    fs.rmSync(blob);
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('ARTIFACT_NOT_FOUND');
    expect(f.events.filter((e) => e.kind === 'verifyFailed')).toHaveLength(4);
  });

  it('refuses an index whose content was edited, or signed by a key without the index role', async () => {
    const doc = readIndex();
    const edited = structuredClone(doc);
    const [p] = Object.keys(edited.signed.artifacts);
    (edited.signed.artifacts[p as string] as { length: number }).length = 10;
    writeIndex(edited);
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('INDEX_SIGNATURE_INVALID');
    const intruder = p256();
    writeIndex(signIndex({ ...doc.signed, version: 2 }, [intruder.privateKey]));
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('INDEX_SIGNATURE_INVALID');
    writeIndex(doc);
    expect((await f.open().verifyForUse(ref)).entry.status).toBe('good');
  });

  it('refuses rollback to an older index, and another index with the same version', async () => {
    const v1 = readIndex();
    await f.open().import([{ file: f.file('other-2.0.0.bin', 'other') }], keys(), f.describe);
    expect(readIndex().signed.version).toBe(2);
    writeIndex(v1);
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('INDEX_ROLLBACK');
    // a validly signed, different version 2 (e.g. an older branch of history) is refused too
    writeIndex(signIndex({ ...v1.signed, version: 2 }, [f.index.privateKey]));
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('INDEX_ROLLBACK');
    // deleting the index does not reset the client's memory
    fs.rmSync(path.join(f.root, 'index/index.json'));
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('INDEX_ROLLBACK');
  });

  it('one long-lived store instance (index verified once, then cached) still refuses tampering, rollback and expiry', async () => {
    const store = f.open();
    const v1Text = fs.readFileSync(path.join(f.root, 'index/index.json'), 'utf8');
    expect((await store.verifyForUse(ref)).entry.status).toBe('good');
    expect((await store.verifyForUse(ref)).entry.status).toBe('good'); // served from the cache
    // content changed but file times restored: the cache is keyed by content, so it is re-verified
    const stat = fs.statSync(path.join(f.root, 'index/index.json'));
    const edited = JSON.parse(v1Text) as SignedIndex;
    (Object.values(edited.signed.artifacts)[0] as { length: number }).length += 1;
    writeIndex(edited);
    fs.utimesSync(path.join(f.root, 'index/index.json'), stat.atime, stat.mtime);
    expect(await codeOf(store.verifyForUse(ref))).toBe('INDEX_SIGNATURE_INVALID');
    fs.writeFileSync(path.join(f.root, 'index/index.json'), v1Text);
    expect((await store.verifyForUse(ref)).entry.status).toBe('good');
    // another client instance publishes version 2 (shared memory of the newest version seen) …
    await f.open().import([{ file: f.file('other-2.0.0.bin', 'other') }], keys(), f.describe);
    fs.writeFileSync(path.join(f.root, 'index/index.json'), v1Text);
    // … so the cached version 1 is now a rollback for this instance too
    expect(await codeOf(store.verifyForUse(ref))).toBe('INDEX_ROLLBACK');
    const v2 = fs.readFileSync(path.join(f.root, 'index/versions/2.index.json'), 'utf8');
    fs.writeFileSync(path.join(f.root, 'index/index.json'), v2);
    expect((await store.verifyForUse(ref)).entry.status).toBe('good');
    f.clock.now = new Date(f.clock.now.getTime() + 31 * 24 * 3600 * 1000);
    expect(await codeOf(store.verifyForUse(ref))).toBe('INDEX_EXPIRED');
  });

  it('refuses an expired index (freeze) until it is re-signed', async () => {
    f.clock.now = new Date(f.clock.now.getTime() + 31 * 24 * 3600 * 1000);
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('INDEX_EXPIRED');
    expect(await codeOf(f.open().refreshIndex(f.index.privateKey))).toBe('INDEX_EXPIRED');
  });

  it('refuses an artifact whose signature does not match, and reports it as a failure', async () => {
    const doc = readIndex();
    const [p] = Object.keys(doc.signed.artifacts);
    const entry = doc.signed.artifacts[p as string] as { signature: string };
    const sig = createSign('sha256');
    sig.update('other bytes');
    entry.signature = sig.sign(f.signing.privateKey).toString('base64');
    writeIndex(signIndex({ ...doc.signed, version: 2 }, [f.index.privateKey]));
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('SIGNATURE_INVALID');
    expect(f.events.at(-1)).toEqual({ kind: 'verifyFailed', detail: `${ref} SIGNATURE_INVALID` });
  });

  it('enforces the trust policy: unknown signer, and a signer outside its kinds or name prefixes', async () => {
    const stranger = p256();
    const strangers: TrustPolicy = singleKeyPolicy(f.index.publicKey, stranger.publicKey, 'stranger policy');
    expect(await codeOf(f.open(strangers).verifyForUse(ref))).toBe('TRUST_KEY_NOT_ALLOWED');
    const narrow: TrustPolicy = {
      ...singleKeyPolicy(f.index.publicKey, f.signing.publicKey, 'narrow'),
      signers: [
        {
          keyId: keyIdOf(f.signing.publicKey),
          key: f.signing.publicKey,
          source: 'narrow',
          kinds: new Set(['config-bundle'] as const),
          namePrefixes: ['payments-'],
        },
      ],
    };
    expect(await codeOf(f.open(narrow).verifyForUse(ref))).toBe('TRUST_KEY_NOT_ALLOWED');
    // and an importer whose key the policy does not allow cannot publish at all
    expect(
      await codeOf(f.open(narrow).import([{ file: f.file('app-2.0.0.bin', 'x') }], keys(), f.describe)),
    ).toBe('TRUST_KEY_NOT_ALLOWED');
  });

  it('marks bad (never chosen again until re-imported) and quarantines (sandbox only)', async () => {
    await f.open().setStatus(ref, 'bad', 'pip install failed on host-1', f.index.privateKey);
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('TRUST_STATUS_BLOCKED');
    expect(await codeOf(f.open().verifyForUse(ref, { sandbox: true }))).toBe('TRUST_STATUS_BLOCKED');
    const again = await f
      .open()
      .import([{ file: path.join(f.mirror, 'app-config-1.0.0.tgz') }], keys(), f.describe);
    expect(again[0]?.outcome).toBe('reinstated');
    expect((await f.open().verifyForUse(ref)).entry.status).toBe('good');
    await f.open().setStatus(ref, 'quarantined', 'unknown origin', f.index.privateKey);
    expect(await codeOf(f.open().verifyForUse(ref))).toBe('TRUST_STATUS_BLOCKED');
    expect((await f.open().verifyForUse(ref, { sandbox: true })).entry.status).toBe('quarantined');
    expect(f.events.filter((e) => e.kind === 'status').map((e) => e.detail)).toEqual([
      'config-bundle/app-config/1.0.0/app-config-1.0.0.tgz good->bad',
      'config-bundle/app-config/1.0.0/app-config-1.0.0.tgz good->quarantined',
    ]);
  });

  it('keeps versions immutable: the same path with other content is refused and nothing is published', async () => {
    fs.writeFileSync(path.join(f.mirror, 'app-config-1.0.0.tgz'), 'changed content');
    expect(
      await codeOf(
        f.open().import([{ file: path.join(f.mirror, 'app-config-1.0.0.tgz') }], keys(), f.describe),
      ),
    ).toBe('ARTIFACT_INPUT_INVALID');
    expect(readIndex().signed.version).toBe(1);
    expect((await f.open().verifyForUse(ref)).entry.length).toBe(10000);
  });

  it('publishes nothing when one file of a batch fails', async () => {
    const ok = f.file('good-1.0.0.bin', 'fine');
    const bad = f.file('not a conforming name.bin', 'x');
    await expect(f.open().import([{ file: ok }, { file: bad }], keys(), f.describe)).rejects.toThrow();
    expect(readIndex().signed.version).toBe(1);
    expect(
      f
        .open()
        .list()
        .map((a) => a.path),
    ).toEqual(['config-bundle/app-config/1.0.0/app-config-1.0.0.tgz']);
    expect(fs.existsSync(path.join(f.root, 'store.lock'))).toBe(false);
  });
});
