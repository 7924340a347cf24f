import fs from 'node:fs';
import path from 'node:path';
import { LOCKFILES, SIX, SIX_SHA256, Workspace } from './workspace';

/** keys generate → import a mirror → list → verify → sbom → resolve → the ledger still verifies. */
describe('hale artifact: happy path', () => {
  let ws: Workspace;
  beforeAll(() => (ws = Workspace.create('happy')));
  afterAll(() => ws.remove());

  it('imports a mirror, lists, verifies, prints the SBOM, resolves a lockfile and keeps the ledger valid', async () => {
    const keys = await ws.artifact(['keys', 'generate']);
    expect(keys.code).toBe(0);
    expect(keys.stdout).toMatch(/^signing key: .*artifact-signing\.key .*key id [0-9a-f]{64}\)$/m);
    expect(keys.stdout).toMatch(/^index key: .*artifact-index\.key .*key id [0-9a-f]{64}\)$/m);
    for (const f of [
      'artifact-signing.key',
      'artifact-signing.pub',
      'artifact-index.key',
      'artifact-index.pub',
    ]) {
      expect(fs.existsSync(path.join(ws.keys, f))).toBe(true);
    }
    expect(fs.readFileSync(path.join(ws.keys, 'artifact-signing.key'), 'utf8')).toContain(
      '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----',
    );
    // Never overwrites.
    const again = await ws.artifact(['keys', 'generate']);
    expect(again.code).toBe(2);
    expect(again.out).toContain('refusing to overwrite');

    const mirror = ws.mirror();
    fs.writeFileSync(path.join(mirror, 'README.txt'), 'not a package\n');
    const imported = await ws.artifact(['import', mirror]);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain(
      `skipped (not a wheel, npm tarball or .deb): ${path.join(mirror, 'README.txt')}`,
    );
    expect(imported.stdout).toContain(`imported   ${SIX} sha256:${SIX_SHA256}`);
    expect(imported.stdout).toContain('5 artifact(s): 5 imported or reinstated, 0 unchanged');
    expect(ws.indexVersion()).toBe(1);

    const listed = await ws.list();
    expect(
      listed.map(({ ref, kind, name, version, status }) => ({ ref, kind, name, version, status })),
    ).toEqual([
      {
        ref: 'local://deb/libpopt0/1.19+dfsg-1/libpopt0_1.19+dfsg-1_amd64.deb',
        kind: 'deb',
        name: 'libpopt0',
        version: '1.19+dfsg-1',
        status: 'good',
      },
      {
        ref: 'local://npm-tarball/is-number/7.0.0/is-number-7.0.0.tgz',
        kind: 'npm-tarball',
        name: 'is-number',
        version: '7.0.0',
        status: 'good',
      },
      {
        ref: 'local://npm-tarball/is-odd/3.0.1/is-odd-3.0.1.tgz',
        kind: 'npm-tarball',
        name: 'is-odd',
        version: '3.0.1',
        status: 'good',
      },
      {
        ref: 'local://python-wheel/jaraco.functools/4.1.0/jaraco.functools-4.1.0-py3-none-any.whl',
        kind: 'python-wheel',
        name: 'jaraco.functools',
        version: '4.1.0',
        status: 'good',
      },
      { ref: SIX, kind: 'python-wheel', name: 'six', version: '1.16.0', status: 'good' },
    ]);
    // Every blob is in the store under its digest, with the size the index records.
    for (const a of listed) expect(fs.statSync(ws.blob(a.hashes.sha256)).size).toBe(a.length);
    const six = listed.find((a) => a.ref === SIX);
    expect(six?.hashes.sha256).toBe(SIX_SHA256);

    // A second import of the same mirror changes nothing and publishes no new index version.
    const reimport = await ws.artifact(['import', mirror]);
    expect(reimport.code).toBe(0);
    expect(reimport.stdout).toContain('5 artifact(s): 0 imported or reinstated, 5 unchanged');
    expect(ws.indexVersion()).toBe(1);

    const verified = await ws.artifact(['verify', SIX]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`Verified OK: ${SIX} sha256:${SIX_SHA256} (11053 bytes, good)`);
    const byDigest = await ws.artifact(['verify', `local://sha256:${SIX_SHA256}`]);
    expect(byDigest.code).toBe(0);
    expect(byDigest.stdout).toContain(`Verified OK: ${SIX} `);

    const sbom = await ws.artifact(['sbom', SIX]);
    expect(sbom.code).toBe(0);
    const doc = JSON.parse(sbom.stdout) as {
      bomFormat: string;
      specVersion: string;
      metadata: {
        component: {
          name: string;
          version: string;
          purl: string;
          hashes: { alg: string; content: string }[];
        };
      };
    };
    expect(doc.bomFormat).toBe('CycloneDX');
    expect(doc.specVersion).toBe('1.6');
    expect(doc.metadata.component).toMatchObject({
      name: 'six',
      version: '1.16.0',
      purl: 'pkg:pypi/six@1.16.0',
    });
    expect(doc.metadata.component.hashes).toContainEqual({ alg: 'SHA-256', content: SIX_SHA256 });
    expect(doc.metadata.component.hashes).toContainEqual({ alg: 'SHA-512', content: six?.hashes.sha512 });

    const resolved = await ws.artifact(['resolve', path.join(LOCKFILES, 'requirements.lock')]);
    expect(resolved.code).toBe(3);
    expect(resolved.stdout).toMatch(
      /^resolved {2}jaraco-functools==4\.1\.0 local:\/\/python-wheel\/jaraco\.functools\/4\.1\.0\/jaraco\.functools-4\.1\.0-py3-none-any\.whl$/m,
    );
    expect(resolved.stdout).toContain(`resolved  six==1.16.0 ${SIX}`);
    expect(resolved.stdout).toMatch(
      /^deferred {2}more-itertools==10\.5\.0: .*promote from local mirror first/m,
    );
    expect(resolved.out).toContain('1 of 3 deferred: promote from local mirror first');

    const asJson = await ws.artifact(['resolve', path.join(LOCKFILES, 'requirements.lock'), '--json']);
    expect(asJson.code).toBe(3);
    const rows = JSON.parse(asJson.stdout) as {
      name: string;
      version: string;
      ref?: string;
      deferred?: string;
    }[];
    expect(rows.map((r) => [r.name, r.ref ?? 'deferred'])).toEqual([
      ['jaraco-functools', listed[3]?.ref],
      ['more-itertools', 'deferred'],
      ['six', SIX],
    ]);

    // The store's facts went onto the ledger, and the chain verifies.
    const evidence = await ws.hale(['evidence', 'verify']);
    expect(evidence.code).toBe(0);
    expect(evidence.stdout).toMatch(/^ok: \d+ entries verified/m);
    const ledger = await ws.ledger();
    const custody = ledger.filter((e) => e.type === 'custody');
    expect(custody.map((e) => e.payload.object_ref).sort()).toEqual(listed.map((a) => a.ref));
    expect(custody.find((e) => e.payload.object_ref === SIX)?.payload).toMatchObject({
      object_kind: 'artifact',
      content_hash: `sha256:${SIX_SHA256}`,
      artifact_signature: six?.signature,
    });
    // One index version published (the unchanged re-import published none).
    expect(ledger.filter((e) => e.type === 'artifact.index.published').map((e) => e.payload.version)).toEqual(
      [1],
    );
    expect(ledger.filter((e) => e.type === 'governance.incident')).toEqual([]);
  });
});
