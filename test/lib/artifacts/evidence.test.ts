import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../lib/db';
import { ARTIFACT_ACTOR, ledgerEvidence } from '../../../lib/artifacts/evidence';
import { ensureSigner, rowToEntry, verifyLedger, LEDGER_COLUMNS, type LedgerRow } from '../../../lib/ledger';
import { openIsolatedTestDb as openTestDb, backendName } from '../../support/db';
import { storeFixture, type StoreFixture } from './store/fixture';
import { ArtifactStore } from '../../../lib/artifacts/store/store';
import { singleKeyPolicy } from '../../../lib/artifacts/trust/policy';
import { SeenIndexFile } from '../../../lib/artifacts/trust/seen-index';

describe(`artifact store evidence on the ledger (${backendName()})`, () => {
  let db: Db;
  let f: StoreFixture;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());
  beforeEach(() => {
    f = storeFixture();
  });
  afterEach(() => f.dispose());

  const entriesFor = async (root: string) => {
    const { rows } = await db.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE payload::jsonb->>'store' = $1 ORDER BY seq`,
      [root],
    );
    return rows.map(rowToEntry);
  };

  it('records imports as custody, status changes, index versions and a tampered blob as a governance incident', async () => {
    const signer = await ensureSigner(db, path.join(f.dir, 'data'), ARTIFACT_ACTOR);
    const store = new ArtifactStore({
      root: f.root,
      policy: singleKeyPolicy(f.index.publicKey, f.signing.publicKey, 'test'),
      seen: SeenIndexFile.forStore(path.join(f.dir, 'client'), f.root),
      evidence: ledgerEvidence(db, signer, f.root),
      actor: 'tester',
    });
    const [imported] = await store.import(
      [{ file: f.file('app-1.0.0.bin', 'payload bytes') }],
      { signing: f.signing.privateKey, index: f.index.privateKey },
      f.describe,
    );
    if (!imported) throw new Error('nothing imported');
    await store.setStatus(imported.ref, 'quarantined', 'origin unclear', f.index.privateKey);
    const blob = path.join(
      f.root,
      'blobs/sha256',
      imported.entry.hashes.sha256.slice(0, 2),
      imported.entry.hashes.sha256,
    );
    fs.writeFileSync(blob, 'payload bytez');
    await expect(store.verifyForUse(imported.ref, { sandbox: true })).rejects.toMatchObject({
      code: 'ARTIFACT_BLOB_CORRUPT',
    });

    const entries = await entriesFor(f.root);
    expect(entries.map((e) => e.type)).toEqual([
      'artifact.index.published',
      'custody',
      'artifact.index.published',
      'artifact.status',
      'governance.incident',
    ]);
    const custody = entries[1]?.payload as Record<string, unknown>;
    expect(custody).toMatchObject({
      object_kind: 'artifact',
      object_ref: imported.ref,
      content_hash: `sha256:${imported.entry.hashes.sha256}`,
      artifact_signature: imported.entry.signature,
      artifact_key_id: imported.entry.key_id,
      key_id: signer.keyId,
    });
    expect(entries[3]?.payload).toMatchObject({ from: 'good', to: 'quarantined', reason: 'origin unclear' });
    expect(entries[4]?.payload).toMatchObject({ code: 'ARTIFACT_BLOB_CORRUPT', ref: imported.ref });
    expect(entries.every((e) => e.actor === ARTIFACT_ACTOR)).toBe(true);
    // the custody signature is checked by the ledger verifier like every other
    expect((await verifyLedger(db)).ok).toBe(true);
  });
});
