import { migrate, openPg, type Db } from '../../../lib/db';
import {
  appendEntries,
  appendEntry,
  entryHash,
  jcs,
  generateSigner,
  recordCustody,
  registerKey,
  rowToEntry,
  writeCheckpoint,
  LEDGER_COLUMNS,
  type LedgerEntry,
  type LedgerRow,
  type LedgerSigner,
} from '../../../lib/ledger';
import { withSearchPath, type Backend, type TestDatabase } from '../db/backends';

export interface LedgerFixture {
  t: TestDatabase;
  db: Db;
  control: LedgerSigner;
  runner: LedgerSigner;
  custodySeq: number;
  /** Runs SQL as a superuser that bypasses the ledger's triggers (the attacker). */
  asSuperuser(sql: string, params?: unknown[]): Promise<void>;
  entry(seq: number): Promise<LedgerEntry>;
  /** Writes `entry` over its row and re-chains every later entry (prev_hash + hash), as an attacker would. */
  rewrite(entry: LedgerEntry, rechain: boolean): Promise<void>;
  dispose(): Promise<void>;
}

/** A ledger with two keys, 40 entries, a custody record and two checkpoints. */
export async function ledgerFixture(backend: Backend): Promise<LedgerFixture> {
  const t = await backend.fresh();
  const db = t.db;
  await migrate(db);
  const control = generateSigner('hale-control');
  const runner = generateSigner('runner-1');
  await registerKey(db, control);
  await registerKey(db, runner, { by: control });
  await appendEntries(
    db,
    Array.from({ length: 20 }, (_, i) => ({
      type: 'manual.action',
      actor: 'test',
      subject: { incident_id: i % 2 ? 'inc-a' : 'inc-b' },
      payload: { n: i },
    })),
  );
  const custody = await recordCustody(
    db,
    runner,
    {
      object_kind: 'log_bundle',
      object_ref: 'local://logs/1.tar',
      content_hash: `sha256:${'ab'.repeat(32)}`,
    },
    { incident_id: 'inc-a' },
  );
  await writeCheckpoint(db, control);
  for (let i = 0; i < 10; i++)
    await appendEntry(db, {
      type: 'runner.action',
      actor: 'runner-1',
      subject: { incident_id: 'inc-a' },
      payload: { step: i },
    });
  await writeCheckpoint(db, control);

  let admin: Db | undefined;
  const asSuperuser = async (sql: string, params: unknown[] = []): Promise<void> => {
    if (backend.kind === 'pglite') {
      await db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(sql, params);
      });
      return;
    }
    const schema = (await db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s as string;
    admin ??= await openPg(withSearchPath(process.env.ADMIN_DATABASE_URL as string, schema), { max: 1 });
    await admin.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(sql, params);
    });
  };
  const entry = async (seq: number): Promise<LedgerEntry> => {
    const { rows } = await db.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE seq = $1`,
      [seq],
    );
    return rowToEntry(rows[0] as LedgerRow);
  };
  const write = (e: LedgerEntry) =>
    asSuperuser('UPDATE ledger_entries SET payload = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [
      e.seq,
      jcs(e.payload),
      e.prev_hash,
      e.hash,
    ]);
  const rewrite = async (changed: LedgerEntry, rechain: boolean): Promise<void> => {
    await write(changed);
    if (!rechain) return;
    const { rows } = await db.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE seq > $1 ORDER BY seq`,
      [changed.seq],
    );
    let prev = changed.hash;
    for (const row of rows) {
      const next = { ...rowToEntry(row), prev_hash: prev };
      next.hash = entryHash(next);
      prev = next.hash;
      await write(next);
    }
  };
  return {
    t,
    db,
    control,
    runner,
    custodySeq: custody.seq,
    asSuperuser,
    entry,
    rewrite,
    async dispose() {
      await admin?.close();
      await t.dispose();
    },
  };
}
