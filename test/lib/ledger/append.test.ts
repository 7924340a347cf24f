import { migrate } from '../../../lib/db';
import {
  appendEntries,
  appendEntry,
  canonicalEntry,
  GENESIS_HASH,
  entryHash,
  hashedObject,
  jcs,
} from '../../../lib/ledger';
import { LEDGER_COLUMNS, rowToEntry, type LedgerRow } from '../../../lib/ledger';
import { backends, type TestDatabase } from '../db/backends';

describe.each(backends().filter((b) => b.name !== 'pglite-disk'))('ledger append on $name', (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await backend.fresh();
    await migrate(t.db);
  });
  afterAll(async () => {
    await t?.dispose();
    await backend.cleanup();
  });

  it('chains entries from seq 1, each hash over its content and its predecessor', async () => {
    const first = await appendEntry(t.db, {
      type: 'manual.action',
      actor: 'test',
      payload: { n: 1, nested: { b: 2, a: [1, 'x', null] } },
    });
    const [second, third] = await appendEntries(t.db, [
      {
        type: 'manual.action',
        actor: 'test',
        subject: { incident_id: 'inc-1', host: 'h1' },
        payload: { n: 2 },
      },
      { type: 'manual.action', actor: 'test', payload: { n: 3, float: 0.1, big: 1e21 } },
    ]);
    expect(first?.seq).toBe(1);
    expect(first?.prev_hash).toBe(GENESIS_HASH);
    expect(second?.prev_hash).toBe(first?.hash);
    expect(third?.prev_hash).toBe(second?.hash);
    const { rows } = await t.db.query<Record<string, unknown>>('SELECT * FROM ledger_entries ORDER BY seq');
    expect(rows).toHaveLength(3);
  });

  it('returns the existing entry for a repeated idempotency key, never a second one', async () => {
    const a = await appendEntry(t.db, {
      type: 'remediation.stage',
      actor: 'w',
      payload: { s: 1 },
      idempotencyKey: 'wf-1:act-3:plan',
    });
    const b = await appendEntry(t.db, {
      type: 'remediation.stage',
      actor: 'w',
      payload: { s: 1 },
      idempotencyKey: 'wf-1:act-3:plan',
    });
    expect(b).toEqual(a);
    const { rows } = await t.db.query('SELECT 1 FROM ledger_entries WHERE idempotency_key = $1', [
      'wf-1:act-3:plan',
    ]);
    expect(rows).toHaveLength(1);
  });

  it('redacts secrets in payloads before they are hashed and written', async () => {
    const e = await appendEntry(t.db, {
      type: 'manual.action',
      actor: 't',
      payload: { password: 'hunter2', note: 'Bearer abc.def.ghi' },
    });
    const { rows } = await t.db.query<{ payload: unknown }>(
      'SELECT payload FROM ledger_entries WHERE seq = $1',
      [e.seq],
    );
    expect(JSON.stringify(rows[0]?.payload)).not.toMatch(/hunter2|abc\.def\.ghi/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the application connection', async () => {
    await expect(t.db.query("UPDATE ledger_entries SET actor = 'x' WHERE seq = 1")).rejects.toMatchObject({
      code: 'DB_QUERY',
    });
    await expect(t.db.query('DELETE FROM ledger_entries WHERE seq = 1')).rejects.toThrow(
      /append-only|permission denied/,
    );
    await expect(t.db.query('TRUNCATE ledger_entries')).rejects.toThrow(/append-only|permission denied/);
    expect((await t.db.query('SELECT 1 FROM ledger_entries')).rows.length).toBeGreaterThan(0);
  });

  it('stores exactly what it hashed: every row read back re-hashes to its stored hash', async () => {
    const { rows } = await t.db.query<LedgerRow>(`SELECT ${LEDGER_COLUMNS} FROM ledger_entries ORDER BY seq`);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      const entry = rowToEntry(row);
      expect(entryHash(entry)).toBe(entry.hash);
      // The same from the parsed payload, as an outside verifier would compute it.
      expect(entryHash({ ...entry })).toBe(entry.hash);
    }
  });
});

describe('entry hashing', () => {
  const samples = [
    {
      seq: 1,
      at: '2026-01-01T00:00:00.000Z',
      type: 't',
      actor: 'a',
      subject: {},
      payload: null,
      idempotency_key: null,
      prev_hash: '0'.repeat(64),
    },
    {
      seq: 987654,
      at: '2026-11-23T09:00:00.123Z',
      type: 'remediation.stage',
      actor: 'hale-control "quoted" \\ back',
      subject: { workflow_id: 'wf-1', incident_id: 'inc/ü', service: 'svc', host: 'h\n1' },
      payload: { z: [1, 2.5, -0, 1e21, 'é\u2028'], a: { y: true, b: null }, '€': 'x', '\u0001': 'ctl' },
      idempotency_key: 'wf-1:3:plan',
      prev_hash: 'ab'.repeat(32),
    },
    {
      seq: 5,
      at: '2026-11-23T09:00:00.000Z',
      type: 'runner.action',
      actor: 'runner-1',
      subject: { service: 'svc' },
      payload: [],
      idempotency_key: null,
      prev_hash: 'cd'.repeat(32),
    },
    {
      seq: 6,
      at: '2026-11-23T09:00:00.000Z',
      type: 'runner.action',
      actor: 'runner-1',
      subject: { host: 'h', workflow_id: 'wf' },
      payload: 'text',
      idempotency_key: null,
      prev_hash: 'ef'.repeat(32),
    },
  ];
  it.each(samples)('the fast canonical form equals RFC 8785 JCS of the hashed object (seq $seq)', (entry) => {
    expect(canonicalEntry(entry)).toBe(jcs(hashedObject(entry)));
    expect(entryHash(entry)).toMatch(/^[0-9a-f]{64}$/);
  });
});
