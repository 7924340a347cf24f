import { isDbError, type Db } from '../../../lib/db';
import { backends, type TestDatabase } from './backends';

/** Runs fn and returns what it threw (fails the test when it does not throw). */
async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

let tableSeq = 0;
const table = (): string => `q_${process.pid}_${++tableSeq}`;

describe.each(backends())('query on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await backend.fresh();
    db = t.db;
  });
  afterAll(async () => {
    await t?.dispose();
    await backend.cleanup();
  });

  it('reports its kind', () => {
    expect(db.kind).toBe(backend.kind);
  });

  it('runs a query with params', async () => {
    const res = await db.query<{ n: number; s: string }>('SELECT $1::int + 1 AS n, $2::text AS s', [
      41,
      'hi',
    ]);
    expect(res.rows).toEqual([{ n: 42, s: 'hi' }]);
    expect(res.rowCount).toBe(1);
  });

  it('runs several statements without params and returns the last result', async () => {
    const name = table();
    const res = await db.query(
      `CREATE TABLE ${name}(x int); INSERT INTO ${name} VALUES (1), (2); SELECT sum(x) AS s FROM ${name}`,
    );
    expect(res.rows).toEqual([{ s: '3' }]);
  });

  it('counts changed rows', async () => {
    const name = table();
    await db.query(`CREATE TABLE ${name}(x int)`);
    expect((await db.query(`INSERT INTO ${name} VALUES ($1), ($2), ($3)`, [1, 2, 3])).rowCount).toBe(3);
    expect((await db.query(`UPDATE ${name} SET x = x + 1 WHERE x > $1`, [1])).rowCount).toBe(2);
    expect((await db.query(`SELECT * FROM ${name}`)).rowCount).toBe(3);
  });

  it('returns the same JS types on every backend', async () => {
    const at = new Date('2024-05-06T07:08:09.123Z');
    const { rows } = await db.query(
      `SELECT 9007199254740993::int8 AS big, count(*) AS cnt, 1.50::numeric AS num, 7::int4 AS i, true AS b,
              $1::timestamptz AS at, $2::jsonb AS doc, '\\x0102'::bytea AS bytes, '1 day'::interval AS iv,
              ARRAY[1, 2]::int8[] AS bigs, ARRAY['a', 'b'] AS words, NULL::text AS nothing,
              '2024-01-02'::date AS day, '2024-01-02 03:04:05'::timestamp AS local, '[{"a":1}]'::json AS arr`,
      [at, { k: [1, 'y'] }],
    );
    expect(rows[0]).toEqual({
      big: '9007199254740993',
      cnt: '1',
      num: '1.50',
      i: 7,
      b: true,
      at,
      doc: { k: [1, 'y'] },
      bytes: Buffer.from([1, 2]),
      iv: '1 day',
      bigs: ['1', '2'],
      words: ['a', 'b'],
      nothing: null,
      day: new Date(2024, 0, 2), // local midnight, as node-postgres parses dates
      local: new Date(2024, 0, 2, 3, 4, 5),
      arr: [{ a: 1 }],
    });
    expect(Buffer.isBuffer(rows[0]?.bytes)).toBe(true);
  });

  it('commits a transaction and returns its value', async () => {
    const name = table();
    await db.query(`CREATE TABLE ${name}(x int)`);
    const out = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${name} VALUES ($1)`, [1]);
      await tx.query(`INSERT INTO ${name} VALUES ($1)`, [2]);
      return 'done';
    });
    expect(out).toBe('done');
    expect((await db.query(`SELECT x FROM ${name} ORDER BY x`)).rows).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('rolls back on throw and rethrows the same error', async () => {
    const name = table();
    await db.query(`CREATE TABLE ${name}(x int)`);
    const boom = new Error('boom');
    const err = await thrown(() =>
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${name} VALUES (1)`);
        throw boom;
      }),
    );
    expect(err).toBe(boom);
    expect((await db.query(`SELECT count(*) AS n FROM ${name}`)).rows).toEqual([{ n: '0' }]);
  });

  it('rolls back when a statement in the transaction fails', async () => {
    const name = table();
    await db.query(`CREATE TABLE ${name}(x int PRIMARY KEY)`);
    const err = await thrown(() =>
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${name} VALUES (1)`);
        await tx.query(`INSERT INTO ${name} VALUES (1)`);
      }),
    );
    expect(isDbError(err) && err.code).toBe('DB_QUERY');
    expect(isDbError(err) && err.details.sqlState).toBe('23505');
    expect((await db.query(`SELECT count(*) AS n FROM ${name}`)).rows).toEqual([{ n: '0' }]);
  });

  it('refuses a tx handle used after its transaction', async () => {
    let leaked: { query(sql: string): Promise<unknown> } | undefined;
    await db.transaction(async (tx) => {
      leaked = tx;
    });
    const err = await thrown(() => leaked!.query('SELECT 1'));
    expect(isDbError(err) && err.code).toBe('DB_CLOSED');
  });

  it('refuses the outer handle inside its own transaction instead of deadlocking', async () => {
    const err = await thrown(() => db.transaction(() => db.query('SELECT 1')));
    expect(isDbError(err) && err.code).toBe('DB_QUERY');
    expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('wraps a bad query as DbError with code and SQLSTATE', async () => {
    const err = await thrown(() => db.query('SELECT * FROM no_such_table WHERE x = $1', [1]));
    expect(isDbError(err)).toBe(true);
    expect(isDbError(err) && err.code).toBe('DB_QUERY');
    expect(isDbError(err) && err.details.sqlState).toBe('42P01');
    expect((err as Error).message).toContain('no_such_table');
    const syntax = await thrown(() => db.query('SELEC 1'));
    expect(isDbError(syntax) && syntax.details.sqlState).toBe('42601');
  });

  it('reports constraint details', async () => {
    const name = table();
    await db.query(`CREATE TABLE ${name}(x int CONSTRAINT ${name}_pos CHECK (x > 0))`);
    const err = await thrown(() => db.query(`INSERT INTO ${name} VALUES ($1)`, [-1]));
    expect(isDbError(err) && err.details).toMatchObject({ sqlState: '23514', constraint: `${name}_pos` });
  });
});

describe.each(backends())('closing on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('is idempotent and later use fails with DB_CLOSED', async () => {
    const t = await backend.fresh();
    await t.db.close();
    await t.db.close();
    const err = await thrown(() => t.db.query('SELECT 1'));
    expect(isDbError(err) && err.code).toBe('DB_CLOSED');
    await t.dispose();
  });
});
