import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { IS_NUMBER, PACKAGES, SIX, SIX_SHA256, Workspace, tamperedSixWheel, type Listed } from './workspace';

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * Bad input and tampering: each refusal names its code, nothing is published, and tampering becomes
 * a governance incident on the ledger. The tests share one store and run in order (each leaves the
 * store usable for the next).
 */
describe('hale artifact: bad input and tampering', () => {
  let ws: Workspace;
  let mirror: string;
  let good: Listed[];
  beforeAll(async () => {
    ws = Workspace.create('bad');
    const keys = await ws.artifact(['keys', 'generate']);
    expect(keys.code).toBe(0);
    mirror = ws.mirror();
  });
  afterAll(() => ws.remove());

  it('publishes nothing for a wrong COSIGN_PASSWORD or a wheel whose RECORD does not match', async () => {
    const indexFile = path.join(ws.store, 'index', 'index.json');

    const wrongPassword = await ws.artifact(['import', mirror], { COSIGN_PASSWORD: 'wrong password' });
    expect(wrongPassword.code).toBe(2);
    expect(wrongPassword.out).toMatch(/hale: KEY_PASSWORD_WRONG: .*artifact-signing\.key: .*COSIGN_PASSWORD/);
    const noPassword = await ws.artifact(['import', mirror], { COSIGN_PASSWORD: undefined });
    expect(noPassword.code).toBe(2);
    expect(noPassword.out).toContain('KEY_PASSWORD_MISSING');
    expect(fs.existsSync(indexFile)).toBe(false);

    // The five good packages plus six's wheel with six.py changed and RECORD kept (sorted last).
    const badMirror = ws.path('bad-mirror');
    fs.cpSync(PACKAGES, badMirror, { recursive: true });
    const tampered = tamperedSixWheel(path.join(badMirror, 'zz'));
    const rejected = await ws.artifact(['import', badMirror]);
    expect(rejected.code).toBe(1);
    expect(rejected.out).toContain(
      'hale: PACKAGE_RECORD_MISMATCH: six-1.16.0-py2.py3-none-any.whl: RECORD: six.py: sha256 digest differs',
    );
    expect(rejected.stdout).not.toContain('imported ');
    expect(fs.existsSync(indexFile)).toBe(false);
    expect(await ws.list()).toEqual([]);

    const imported = await ws.artifact(['import', mirror]);
    expect(imported.code).toBe(0);
    expect(ws.indexVersion()).toBe(1);
    good = await ws.list();
    expect(good).toHaveLength(5);

    // Again on a populated store: still refused, no new index version, the listing unchanged.
    const tamperedOnly = ws.path('tampered-mirror');
    fs.mkdirSync(tamperedOnly);
    fs.copyFileSync(tampered, path.join(tamperedOnly, path.basename(tampered)));
    const again = await ws.artifact(['import', tamperedOnly]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('PACKAGE_RECORD_MISMATCH');
    expect(again.out).toContain('six.py');
    expect(ws.indexVersion()).toBe(1);
    expect(await ws.list()).toEqual(good);

    // Only the five good imports reached the ledger.
    const ledger = await ws.ledger();
    const custody = ledger.filter((e) => e.type === 'custody');
    expect(custody.map((e) => e.payload.content_hash).sort()).toEqual(
      good.map((a) => `sha256:${a.hashes.sha256}`).sort(),
    );
    expect(custody.map((e) => e.payload.content_hash)).not.toContain(`sha256:${sha256(tampered)}`);
    expect(ledger.filter((e) => e.type === 'artifact.index.published')).toHaveLength(1);
  }, 300_000); // six CLI runs, each decrypting scrypt-protected keys: slow on a loaded 2-core machine

  it('refuses a path-traversal reference and a malformed public key with exit 2', async () => {
    const traversal = await ws.artifact(['verify', 'local://python-wheel/../../etc/passwd']);
    expect(traversal.code).toBe(2);
    expect(traversal.out).toContain('ARTIFACT_REF_INVALID');
    expect(traversal.stdout).not.toContain('Verified OK');
    const sbom = await ws.artifact(['sbom', 'local://python-wheel/six/1.16.0/..%2f..%2fetc%2fpasswd']);
    expect(sbom.code).toBe(2);
    expect(sbom.out).toContain('ARTIFACT_REF_INVALID');

    const badPub = ws.path('bad.pub');
    fs.writeFileSync(badPub, '-----BEGIN PUBLIC KEY-----\nnot base64 at all!!\n-----END PUBLIC KEY-----\n');
    const file = path.join(PACKAGES, 'is-odd-3.0.1.tgz');
    const sig = await ws.artifact(['sign', file, '--key', path.join(ws.keys, 'artifact-signing.key')]);
    expect(sig.code).toBe(0);
    const malformed = await ws.artifact(['verify', file, '--key', badPub, '--signature', sig.stdout.trim()]);
    expect(malformed.code).toBe(2);
    expect(malformed.out).toContain(`${badPub}: KEY_MALFORMED`);
    expect(malformed.stdout).not.toContain('Verified OK');
    // The same signature with the right key is fine (the refusal above was the key file's).
    const ok = await ws.artifact([
      'verify',
      file,
      '--key',
      path.join(ws.keys, 'artifact-signing.pub'),
      '--signature',
      sig.stdout.trim(),
    ]);
    expect(ok.code).toBe(0);
  });

  it('blocks an artifact marked bad or quarantined until it is reinstated or released', async () => {
    const before = ws.indexVersion();
    const marked = await ws.artifact(['mark-bad', SIX, '--reason', 'CVE-0000-0001']);
    expect(marked.code).toBe(0);
    expect(marked.stdout).toContain(`${SIX}: bad (CVE-0000-0001)`);
    expect(ws.indexVersion()).toBe(before + 1);

    const blocked = await ws.artifact(['verify', SIX]);
    expect(blocked.code).toBe(1);
    expect(blocked.out).toMatch(/TRUST_STATUS_BLOCKED: .*marked bad \(CVE-0000-0001\)/);
    expect(blocked.stdout).not.toContain('Verified OK');
    expect((await ws.artifact(['verify', SIX, '--sandbox'])).code).toBe(1);
    expect((await ws.list()).find((a) => a.ref === SIX)?.status).toBe('bad');

    const reimported = await ws.artifact(['import', mirror]);
    expect(reimported.code).toBe(0);
    expect(reimported.stdout).toContain(`reinstated ${SIX} sha256:${SIX_SHA256}`);
    expect(reimported.stdout).toContain('5 artifact(s): 1 imported or reinstated, 4 unchanged');
    expect(ws.indexVersion()).toBe(before + 2);
    expect((await ws.artifact(['verify', SIX])).code).toBe(0);

    expect((await ws.artifact(['quarantine', IS_NUMBER, '--reason', 'under review'])).code).toBe(0);
    const quarantined = await ws.artifact(['verify', IS_NUMBER]);
    expect(quarantined.code).toBe(1);
    expect(quarantined.out).toContain('TRUST_STATUS_BLOCKED');
    expect((await ws.artifact(['verify', IS_NUMBER, '--sandbox'])).code).toBe(0);
    expect((await ws.artifact(['release', IS_NUMBER, '--reason', 'reviewed'])).code).toBe(0);
    expect((await ws.artifact(['verify', IS_NUMBER])).code).toBe(0);

    const ledger = await ws.ledger();
    expect(
      ledger
        .filter((e) => e.type === 'artifact.status')
        .map((e) => [e.payload.ref, e.payload.from, e.payload.to]),
    ).toEqual([
      [SIX, 'good', 'bad'],
      [IS_NUMBER, 'good', 'quarantined'],
      [IS_NUMBER, 'quarantined', 'good'],
    ]);
    expect(ledger.filter((e) => e.type === 'artifact.verify_failed').map((e) => e.payload.code)).toEqual([
      'TRUST_STATUS_BLOCKED',
      'TRUST_STATUS_BLOCKED',
      'TRUST_STATUS_BLOCKED',
    ]);
    expect(ledger.filter((e) => e.type === 'governance.incident')).toEqual([]);
  });

  it('stops on a truncated blob (exit 1 ARTIFACT_BLOB_CORRUPT) and records a governance incident', async () => {
    const entry = good.find((a) => a.ref === SIX) as Listed;
    const blob = ws.blob(entry.hashes.sha256);
    const original = fs.readFileSync(blob);
    fs.chmodSync(blob, 0o644);
    fs.truncateSync(blob, 4096);

    const corrupt = await ws.artifact(['verify', SIX]);
    expect(corrupt.code).toBe(1);
    expect(corrupt.out).toContain('ARTIFACT_BLOB_CORRUPT');
    expect(corrupt.stdout).not.toContain('Verified OK');

    const incidents = (await ws.ledger()).filter((e) => e.type === 'governance.incident');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.payload).toMatchObject({
      ref: SIX,
      code: 'ARTIFACT_BLOB_CORRUPT',
      sha256: SIX_SHA256,
      action: 'hard stop: nothing was installed or launched',
    });

    fs.writeFileSync(blob, original);
    expect((await ws.artifact(['verify', SIX])).code).toBe(0);
  });

  it('refuses an index replaced by an older signed version (exit 1 INDEX_ROLLBACK) and records it', async () => {
    const current = ws.indexVersion();
    expect(current).toBeGreaterThanOrEqual(2);
    const indexFile = path.join(ws.store, 'index', 'index.json');
    const latest = fs.readFileSync(indexFile);
    fs.copyFileSync(path.join(ws.store, 'index', 'versions', '1.index.json'), indexFile);
    expect(ws.indexVersion()).toBe(1);

    const rolledBack = await ws.artifact(['verify', SIX]);
    expect(rolledBack.code).toBe(1);
    expect(rolledBack.out).toContain('INDEX_ROLLBACK');
    expect(rolledBack.stdout).not.toContain('Verified OK');
    const list = await ws.artifact(['list', '--json']);
    expect(list.code).toBe(1);
    expect(list.out).toContain('INDEX_ROLLBACK');
    // A writer refuses to build on the old index too.
    const importOld = await ws.artifact(['import', mirror]);
    expect(importOld.code).toBe(1);
    expect(importOld.out).toContain('INDEX_ROLLBACK');
    expect(ws.indexVersion()).toBe(1);

    const incidents = (await ws.ledger()).filter((e) => e.type === 'governance.incident');
    expect(incidents.map((e) => e.payload.code)).toContain('INDEX_ROLLBACK');
    expect(incidents.find((e) => e.payload.code === 'INDEX_ROLLBACK')?.payload.ref).toBe(SIX);

    fs.writeFileSync(indexFile, latest);
    expect((await ws.artifact(['verify', SIX])).code).toBe(0);
    const evidence = await ws.hale(['evidence', 'verify']);
    expect(evidence.code).toBe(0);
  });
});
