import { spawn } from 'node:child_process';
import path from 'node:path';
import { migrate, openDatabase, openPglite, serveEmbedded, type Db } from '../../../lib/db';
import { appendEntry, verifyLedger } from '../../../lib/ledger';
import { backends, tempDir, withSearchPath, type TestDatabase } from '../db/backends';

const WRITER = path.join(__dirname, 'writer-process.js');

function runWriter(target: string, id: number, count: number, batch: number, hold = false) {
  const child = spawn(
    process.execPath,
    [WRITER, target, String(id), String(count), String(batch), ...(hold ? ['hold'] : [])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const saw = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (out.includes(text)) {
          clearInterval(t);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(t);
          reject(new Error(`writer ${id} exited: ${out}`));
        }
      }, 20);
    });
  return { child, exited, saw, output: () => out };
}

/** Each backend as other processes reach it: the real server by URL, PGlite through its socket. */
async function shared(name: string): Promise<{ db: Db; target: string; close(): Promise<void> }> {
  if (name === 'postgres') {
    const t: TestDatabase = await backends()
      .find((b) => b.name === 'postgres')!
      .fresh();
    await migrate(t.db);
    const schema = (await t.db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s as string;
    return {
      db: t.db,
      target: withSearchPath(process.env.DATABASE_URL as string, schema),
      close: () => t.dispose(),
    };
  }
  const dataDir = await tempDir('hale-ledger-conc-');
  const embedded = await openPglite(dataDir);
  await migrate(embedded);
  const served = await serveEmbedded(embedded, { dataDir });
  const db = await openDatabase({ dataDir });
  return {
    db,
    target: dataDir,
    async close() {
      await db.close();
      await served.close();
      await embedded.close();
    },
  };
}

const names = ['pglite', ...(process.env.DATABASE_URL ? ['postgres'] : [])];

describe.each(names)('ledger under concurrent writer processes (%s)', (name) => {
  let s: Awaited<ReturnType<typeof shared>>;
  beforeAll(async () => {
    s = await shared(name);
  });
  afterAll(async () => s?.close());

  it('4 processes × 1,000 entries → one valid chain of 4,000, no gaps, no duplicates', async () => {
    const writers = [1, 2, 3, 4].map((id) => runWriter(s.target, id, 1000, 10));
    const codes = await Promise.all(writers.map((w) => w.exited));
    expect(codes).toEqual([0, 0, 0, 0]);
    const result = await verifyLedger(s.db);
    expect(result).toMatchObject({ ok: true, count: 4000, to: 4000 });
    const { rows } = await s.db.query<{ n: string; keys: string }>(
      'SELECT count(*) AS n, count(DISTINCT idempotency_key) AS keys FROM ledger_entries',
    );
    expect(rows[0]).toMatchObject({ n: expect.anything() });
    expect(Number(rows[0]?.n)).toBe(4000);
    expect(Number(rows[0]?.keys)).toBe(4000);
  });

  it('a writer killed mid-transaction leaves no partial entry; the next append continues the chain', async () => {
    const before = await verifyLedger(s.db);
    const w = runWriter(s.target, 9, 0, 50, true);
    await w.saw('holding');
    w.child.kill('SIGKILL');
    await w.exited;
    const next = await appendEntry(s.db, {
      type: 'manual.action',
      actor: 'test',
      payload: { after: 'kill' },
    });
    expect(next.seq).toBe(before.to + 1);
    expect(next.prev_hash).toBe(before.headHash);
    const after = await verifyLedger(s.db);
    expect(after).toMatchObject({ ok: true, to: before.to + 1 });
    const { rows } = await s.db.query("SELECT 1 FROM ledger_entries WHERE actor = 'writer-9'");
    expect(rows).toHaveLength(0);
  });
});
