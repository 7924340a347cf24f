import fs from 'node:fs/promises';
import {
  isDbError,
  openDatabase,
  openPg,
  openPglite,
  readLock,
  serveEmbedded,
  type PgliteDb,
} from '../../../lib/db';
import { preparedDataDir, removeDataDirs } from './backends';
import { runNode, sleep, TS_REQUIRE_HOOK } from './processes';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isDbError(err) ? err.code : `not a DbError: ${String(err)}`;
}

/** A second OS process using plain `pg` against the socket url: waits for its turn, then writes. */
const CHILD_CLIENT = `
const { Client } = require('pg');
(async () => {
  const c = new Client({ connectionString: process.env.HALE_URL, connectionTimeoutMillis: 30000 });
  const t0 = Date.now();
  await c.connect();
  const connectedAfterMs = Date.now() - t0;
  const connectedAt = Date.now();
  const before = (await c.query('SELECT count(*)::int AS n FROM items')).rows[0].n;
  await c.query('INSERT INTO items VALUES ($1)', ['child']);
  await c.end();
  process.stdout.write(JSON.stringify({ connectedAfterMs, connectedAt, before }));
})().catch((e) => { process.stderr.write(String((e && e.stack) || e)); process.exit(1); });`;

/** A second OS process using Hale's own openDatabase (TypeScript sources, transpiled on load). */
const CHILD_OPEN_DATABASE = `${TS_REQUIRE_HOOK}
const { openDatabase } = require('./lib/db');
(async () => {
  const direct = await openDatabase({ dataDir: process.env.HALE_DATA_DIR, direct: true }).then(
    () => 'opened', (e) => e.code);
  const db = await openDatabase({ dataDir: process.env.HALE_DATA_DIR });
  const { rows } = await db.query('SELECT count(*)::int AS n FROM items WHERE v = $1', ['x']);
  await db.close();
  process.stdout.write(JSON.stringify({ direct, via: db.via, kind: db.kind, n: rows[0].n }));
})().catch((e) => { process.stderr.write(String((e && e.stack) || e)); process.exit(1); });`;

/** A process that dies (no COMMIT, no Terminate) in the middle of a transaction. */
const CHILD_CRASH = `
const { Client } = require('pg');
(async () => {
  const c = new Client({ connectionString: process.env.HALE_URL });
  await c.connect();
  await c.query('BEGIN');
  await c.query('INSERT INTO items VALUES ($1)', ['never committed']);
  process.exit(3);
})().catch((e) => { process.stderr.write(String((e && e.stack) || e)); process.exit(1); });`;

describe('serveEmbedded', () => {
  let dataDir: string;
  let db: PgliteDb;
  let served: { url: string; close(): Promise<void> };
  beforeEach(async () => {
    dataDir = await preparedDataDir();
    db = await openPglite(dataDir);
    await db.query('CREATE TABLE items (v text)');
    served = await serveEmbedded(db, { dataDir });
  });
  afterEach(async () => {
    await served.close();
    await db.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  afterAll(() => removeDataDirs());

  it('publishes {pid, url, startedAt} in the lock and hands the handle over to the socket', async () => {
    expect(served.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const lock = await readLock(dataDir);
    expect(lock).toEqual({ pid: process.pid, url: served.url, startedAt: expect.any(String) });
    expect(Number.isNaN(Date.parse(lock?.startedAt ?? ''))).toBe(false);
    expect(await codeOf(db.query('SELECT 1'))).toBe('DB_LOCKED');
    expect(await codeOf(serveEmbedded(db, { dataDir }))).toBe('DB_LOCKED');
    expect(await codeOf(openPglite(dataDir))).toBe('DB_LOCKED');
    expect(await codeOf(openDatabase({ dataDir, direct: true }))).toBe('DB_LOCKED');
  });

  it('openDatabase connects through the socket while a live process serves', async () => {
    const viaSocket = await openDatabase({ dataDir });
    try {
      expect(viaSocket.via).toBe('pglite-socket');
      expect(viaSocket.kind).toBe('pg');
      await viaSocket.transaction(async (tx) => {
        await tx.query('INSERT INTO items VALUES ($1)', ['a']);
      });
      await expect(
        viaSocket.transaction(async (tx) => {
          await tx.query('INSERT INTO items VALUES ($1)', ['rolled back']);
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
      expect((await viaSocket.query('SELECT v FROM items')).rows).toEqual([{ v: 'a' }]);
      const err = await viaSocket.query('SELECT * FROM nope').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDbError(err) && err.details).toMatchObject({ sqlState: '42P01' });
    } finally {
      await viaSocket.close();
    }
  });

  it('a served PGlite given as a plain URL (DATABASE_URL) gets the socket pool: an idle handle does not hold the turn', async () => {
    // openPg without pool options would keep an idle connection for 10 s; the socket serves one
    // connection at a time, so a second handle would wait that long (here: fail after 3 s).
    const first = await openPg(served.url);
    const second = await openPg(served.url, { connectTimeoutMs: 3_000 });
    try {
      expect((await first.query('SELECT version() AS v')).rows[0]).toEqual({
        v: expect.stringContaining('PGlite'),
      });
      await first.query('INSERT INTO items VALUES ($1)', ['first']);
      await sleep(300); // first is idle now, its connection handed back
      const t0 = Date.now();
      expect((await second.query('SELECT count(*)::int AS n FROM items')).rows).toEqual([{ n: 1 }]);
      expect(Date.now() - t0).toBeLessThan(3_000);
      await first.query('INSERT INTO items VALUES ($1)', ['again']); // and first gets a turn back
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('openDatabase in another process picks the socket (and refuses direct access)', async () => {
    const setup = await openDatabase({ dataDir });
    await setup.query('INSERT INTO items VALUES ($1)', ['x']);
    await setup.close();
    const out = await runNode(CHILD_OPEN_DATABASE, { HALE_DATA_DIR: dataDir }).done;
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual({ direct: 'DB_LOCKED', via: 'pglite-socket', kind: 'pg', n: 1 });
  });

  it('makes a second client process wait for its turn instead of failing', async () => {
    const holder = await openDatabase({ dataDir });
    let child: ReturnType<typeof runNode> | undefined;
    try {
      await holder.transaction(async (tx) => {
        await tx.query('INSERT INTO items VALUES ($1)', ['parent']);
        child = runNode(CHILD_CLIENT, { HALE_URL: served.url });
        await sleep(1500);
        expect(child.exited()).toBe(false); // queued at the socket while we hold the connection
      });
      const committedAt = Date.now();
      const out = await child!.done;
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      const result = JSON.parse(out.stdout) as {
        connectedAfterMs: number;
        connectedAt: number;
        before: number;
      };
      expect(result.before).toBe(1); // it ran after our commit
      // it got its connection only once we let ours go (wall clocks of one machine; how long the
      // child took to start does not matter, so a loaded machine does not fail this)
      expect(result.connectedAt).toBeGreaterThanOrEqual(committedAt - 50);
      expect((await holder.query('SELECT v FROM items ORDER BY v')).rows).toEqual([
        { v: 'child' },
        { v: 'parent' },
      ]);
    } finally {
      await holder.close();
      if (child && !child.exited()) child.child.kill();
    }
  });

  it('rolls back the open transaction of a client process that crashed', async () => {
    const crash = await runNode(CHILD_CRASH, { HALE_URL: served.url }).done;
    expect(crash.code).toBe(3);
    const after = await openDatabase({ dataDir });
    try {
      expect((await after.query('SELECT count(*)::int AS n FROM items')).rows).toEqual([{ n: 0 }]);
      await after.transaction((tx) => tx.query('INSERT INTO items VALUES ($1)', ['ok']));
      expect((await after.query('SELECT count(*)::int AS n FROM items')).rows).toEqual([{ n: 1 }]);
    } finally {
      await after.close();
    }
  });

  it('keeps concurrent clients apart (no interleaved extended-protocol messages)', async () => {
    const a = await openDatabase({ dataDir });
    const b = await openDatabase({ dataDir });
    const big = 'x'.repeat(200_000);
    try {
      const loop = async (db: typeof a, shape: 'a' | 'b'): Promise<number> => {
        let wrong = 0;
        for (let k = 0; k < 20; k++) {
          const text = k % 2 ? big : 'small';
          const { rows } =
            shape === 'a'
              ? await db.query<{ k: number; n: number }>('SELECT $1::int AS k, length($2::text) AS n', [
                  k,
                  text,
                ])
              : await db.query<{ k: number; n: number; b: boolean }>(
                  'SELECT length($2::text) AS n, $1::int AS k, true AS b',
                  [k, text],
                );
          const row = rows[0] as { k: number; n: number; b?: boolean };
          if (row.k !== k || row.n !== text.length || (shape === 'b') !== (row.b === true)) wrong++;
        }
        return wrong;
      };
      expect(await Promise.all([loop(a, 'a'), loop(b, 'b')])).toEqual([0, 0]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('close() stops serving: the lock returns to direct use, then goes away with the handle', async () => {
    const client = await openDatabase({ dataDir });
    await served.close();
    expect(await readLock(dataDir)).toMatchObject({ pid: process.pid, url: null });
    expect(await codeOf(client.query('SELECT 1'))).toBe('DB_UNREACHABLE');
    await client.close();
    expect((await db.query('SELECT count(*)::int AS n FROM items')).rows).toEqual([{ n: 0 }]);
    await db.close();
    expect(await readLock(dataDir)).toBeUndefined();
  });

  it('closes cleanly under a client that is inside a transaction, rolling that transaction back', async () => {
    const client = await openDatabase({ dataDir });
    let inserted!: () => void;
    let resume!: () => void;
    const insertedP = new Promise<void>((r) => (inserted = r));
    const resumeP = new Promise<void>((r) => (resume = r));
    const tx = client.transaction(async (t) => {
      await t.query('INSERT INTO items VALUES ($1)', ['pending']);
      inserted();
      await resumeP;
      await t.query('SELECT 1');
    });
    await insertedP;
    await served.close();
    resume();
    expect(await codeOf(tx)).toBe('DB_UNREACHABLE');
    await client.close();
    expect((await db.query('SELECT count(*)::int AS n FROM items')).rows).toEqual([{ n: 0 }]);
  });

  it('serves an in-memory PGlite too, with the lock in dataDir', async () => {
    const mem = await openPglite(undefined);
    const otherDir = `${dataDir}-mem`;
    const memServed = await serveEmbedded(mem, { dataDir: otherDir, port: 0 });
    try {
      expect((await readLock(otherDir))?.url).toBe(memServed.url);
      const viaSocket = await openDatabase({ dataDir: otherDir });
      expect((await viaSocket.query('SELECT 40 + $1::int AS n', [2])).rows).toEqual([{ n: 42 }]);
      await viaSocket.close();
    } finally {
      await memServed.close();
      await mem.close();
    }
    expect(await readLock(otherDir)).toBeUndefined();
  });
});
