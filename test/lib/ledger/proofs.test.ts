import { migrate } from '../../../lib/db';
import {
  appendEntries,
  entryHash,
  generateSigner,
  proveConsistency,
  proveInclusion,
  registerKey,
  verifyConsistencyDoc,
  verifyInclusionDoc,
  writeCheckpoint,
  type LedgerSigner,
} from '../../../lib/ledger';
import { backends, type TestDatabase } from '../db/backends';

describe.each(backends().filter((b) => b.name !== 'pglite-disk'))(
  'inclusion and consistency proofs on $name',
  (backend) => {
    let t: TestDatabase;
    let control: LedgerSigner;
    let first: number;
    let second: number;

    beforeAll(async () => {
      t = await backend.fresh();
      await migrate(t.db);
      control = generateSigner('hale-control');
      await registerKey(t.db, control);
      await appendEntries(
        t.db,
        Array.from({ length: 37 }, (_, i) => ({ type: 'manual.action', actor: 't', payload: { i } })),
      );
      first = (await writeCheckpoint(t.db, control)).seq;
      await appendEntries(
        t.db,
        Array.from({ length: 58 }, (_, i) => ({ type: 'runner.action', actor: 't', payload: { i } })),
      );
      second = (await writeCheckpoint(t.db, control)).seq;
    });
    afterAll(async () => {
      await t?.dispose();
      await backend.cleanup();
    });

    it('proves every entry of the latest checkpoint with only the public key', async () => {
      for (const seq of [1, 2, 17, 38, 39, 64, second - 1]) {
        const doc = await proveInclusion(t.db, seq);
        expect(doc.tree_size).toBe(second - 1);
        expect(verifyInclusionDoc(doc, control.publicKey)).toEqual({ ok: true });
      }
    });

    it('proves against an older checkpoint too', async () => {
      const doc = await proveInclusion(t.db, 20, first);
      expect(doc.tree_size).toBe(first - 1);
      expect(verifyInclusionDoc(doc, control.publicKey)).toEqual({ ok: true });
    });

    it('a proof for a tampered entry, a wrong key or a wrong path fails', async () => {
      const doc = await proveInclusion(t.db, 20);
      const tamperedEntry = {
        ...doc,
        entry_hash: entryHash({
          seq: 20,
          at: 'x',
          type: 'manual.action',
          actor: 't',
          subject: {},
          payload: { i: 999 },
          idempotency_key: null,
          prev_hash: '0'.repeat(64),
        }),
      };
      expect(verifyInclusionDoc(tamperedEntry, control.publicKey).ok).toBe(false);
      expect(verifyInclusionDoc(doc, generateSigner('other').publicKey)).toMatchObject({
        ok: false,
        reason: 'checkpoint signature does not verify',
      });
      const shortPath = { ...doc, path: doc.path.slice(1) };
      expect(verifyInclusionDoc(shortPath, control.publicKey).ok).toBe(false);
      const wrongIndex = { ...doc, index: 20 };
      expect(verifyInclusionDoc(wrongIndex, control.publicKey).ok).toBe(false);
    });

    it('proves the older checkpoint is a prefix of the newer one', async () => {
      const doc = await proveConsistency(t.db, first, second);
      expect(verifyConsistencyDoc(doc, control.publicKey)).toEqual({ ok: true });
      const forgedOld = { ...doc, old: { ...doc.old, root_hash: 'ab'.repeat(32) } };
      expect(verifyConsistencyDoc(forgedOld, control.publicKey).ok).toBe(false);
      const badPath = { ...doc, path: [...doc.path.slice(0, -1), 'cd'.repeat(32)] };
      expect(verifyConsistencyDoc(badPath, control.publicKey)).toMatchObject({
        ok: false,
        reason: 'consistency proof does not link the two roots',
      });
    });

    it('refuses to prove an entry the checkpoint does not cover', async () => {
      await expect(proveInclusion(t.db, second + 5)).rejects.toMatchObject({ code: 'LEDGER_NOT_FOUND' });
    });
  },
);
