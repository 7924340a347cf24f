import {
  appendEntry,
  checkpointStatement,
  entryHash,
  generateSigner,
  latestCheckpoint,
  frontierAt,
  verifyLedger,
} from '../../../lib/ledger';
import { backends } from '../db/backends';
import { ledgerFixture, type LedgerFixture } from './fixture';

const suites = backends().filter(
  (b) => b.name !== 'pglite-disk' && (b.kind === 'pglite' || process.env.ADMIN_DATABASE_URL),
);

describe.each(suites)('ledger tampering on $name is located by verify', (backend) => {
  let f: LedgerFixture;
  beforeEach(async () => {
    f = await ledgerFixture(backend);
    expect((await verifyLedger(f.db)).ok).toBe(true);
  });
  afterEach(async () => f?.dispose());
  afterAll(async () => backend.cleanup());

  it('a changed payload byte → hash mismatch at that seq', async () => {
    await f.asSuperuser(
      `UPDATE ledger_entries SET payload = replace(payload, '"n":7', '"n":8') WHERE seq = 10`,
    );
    expect((await verifyLedger(f.db)).failure).toMatchObject({ seq: 10, reason: 'hash mismatch' });
  });

  it('a changed subject column → hash mismatch at that seq (the unparsed fast path hashes columns too)', async () => {
    await f.asSuperuser(`UPDATE ledger_entries SET incident_id = 'inc-z' WHERE seq = 11`);
    expect((await verifyLedger(f.db)).failure).toMatchObject({ seq: 11, reason: 'hash mismatch' });
  });

  it('a garbled stored hash before --from is reported as malformed, not thrown', async () => {
    await f.asSuperuser('ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_hash_check');
    await f.asSuperuser(`UPDATE ledger_entries SET hash = 'not-a-hash' WHERE seq = 3`);
    expect((await verifyLedger(f.db, { from: 10 })).failure).toMatchObject({ seq: 3, reason: 'malformed' });
    expect((await verifyLedger(f.db)).failure).toMatchObject({ seq: 3, reason: 'hash mismatch' });
  });

  it('a deleted row → gap at that seq', async () => {
    await f.asSuperuser('DELETE FROM ledger_entries WHERE seq = 12');
    expect((await verifyLedger(f.db)).failure).toMatchObject({ seq: 12, reason: 'gap' });
  });

  it('two swapped rows → hash mismatch at the first of them', async () => {
    await f.asSuperuser('UPDATE ledger_entries SET seq = 1000000 WHERE seq = 7');
    await f.asSuperuser('UPDATE ledger_entries SET seq = 7 WHERE seq = 8');
    await f.asSuperuser('UPDATE ledger_entries SET seq = 8 WHERE seq = 1000000');
    expect((await verifyLedger(f.db)).failure).toMatchObject({ seq: 7, reason: 'hash mismatch' });
  });

  it('one entry rewritten with its hash recomputed → broken link naming that entry', async () => {
    const e = await f.entry(15);
    const forged = { ...e, payload: { n: 'rewritten' } };
    forged.hash = entryHash(forged);
    await f.rewrite(forged, false);
    expect((await verifyLedger(f.db)).failure).toMatchObject({ seq: 15, reason: 'broken link' });
  });

  it('a replaced custody signature, even with the whole chain recomputed after it → bad signature', async () => {
    const e = await f.entry(f.custodySeq);
    const attacker = generateSigner('runner-1');
    const p = e.payload as Record<string, string>;
    const forged = { ...e, payload: { ...p, signature: attacker.sign('anything') } };
    forged.hash = entryHash(forged);
    await f.rewrite(forged, true);
    expect((await verifyLedger(f.db)).failure).toMatchObject({ seq: f.custodySeq, reason: 'bad signature' });
  });

  it('a forged checkpoint (right root, signed by a key that is not the control key) → bad signature', async () => {
    const head = await latestCheckpoint(f.db);
    const size = head?.seq ?? 0;
    const frontier = await frontierAt(f.db, size);
    const issued_at = new Date().toISOString();
    const root_hash = frontier.root().toString('hex');
    const attacker = generateSigner('hale-control');
    const signature = attacker.sign(checkpointStatement({ tree_size: size, root_hash, issued_at }));
    // The application role may INSERT: a forged checkpoint goes in through the normal append path.
    const forged = await appendEntry(f.db, {
      type: 'checkpoint',
      actor: 'hale-control',
      payload: {
        tree_size: size,
        root_hash,
        issued_at,
        key_id: f.control.keyId,
        signature,
        frontier: frontier.toJSON(),
      },
    });
    expect((await verifyLedger(f.db)).failure).toMatchObject({ seq: forged.seq, reason: 'bad signature' });
  });

  it('a checkpoint signed by an unregistered key → unknown or expired key', async () => {
    const size = (await latestCheckpoint(f.db))?.seq ?? 0;
    const frontier = await frontierAt(f.db, size);
    const attacker = generateSigner('mallory');
    const issued_at = new Date().toISOString();
    const root_hash = frontier.root().toString('hex');
    const forged = await appendEntry(f.db, {
      type: 'checkpoint',
      actor: 'mallory',
      payload: {
        tree_size: size,
        root_hash,
        issued_at,
        key_id: attacker.keyId,
        signature: attacker.sign(checkpointStatement({ tree_size: size, root_hash, issued_at })),
        frontier: [],
      },
    });
    expect((await verifyLedger(f.db)).failure).toMatchObject({
      seq: forged.seq,
      reason: 'unknown or expired key',
    });
  });

  it('an early entry rewritten and the whole chain recomputed → the first checkpoint over it mismatches', async () => {
    // Rewrite an early entry and re-chain everything: only the checkpoints can tell.
    const e = await f.entry(5);
    const forged = { ...e, payload: { n: 'quietly changed' } };
    forged.hash = entryHash(forged);
    await f.rewrite(forged, true);
    const first = await latestCheckpoint(f.db, 30);
    expect((await verifyLedger(f.db)).failure).toMatchObject({
      seq: first?.seq,
      reason: 'checkpoint mismatch',
    });
  });
});
