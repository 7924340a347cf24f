import fs from 'node:fs/promises';
import path from 'node:path';
import { defaultMigrationsDir, isDbError, migrate, type Db } from '../../../lib/db';
import { backends, tempDir, type TestDatabase } from './backends';

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('hale-migrations-');
  for (const [name, sql] of Object.entries(files)) await fs.writeFile(path.join(dir, name), sql);
  return dir;
}

async function failure(p: Promise<unknown>): Promise<{ code?: string; details: Record<string, unknown> }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isDbError(err)) throw new Error(`expected a DbError, got ${String(err)}`);
  return { code: err.code, details: { ...err.details } };
}

async function tableExists(db: Db, name: string): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return rows[0]?.t !== null;
}

async function recorded(db: Db): Promise<Array<{ version: number; name: string }>> {
  return (
    await db.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    )
  ).rows;
}

const ONE = { '001_one.sql': 'CREATE TABLE one (id int PRIMARY KEY);' };
const TWO = {
  ...ONE,
  // Several statements, a dollar-quoted body with semicolons, and a comment.
  '002_two.sql': `-- two
    CREATE TABLE two (id int);
    CREATE FUNCTION two_count() RETURNS bigint LANGUAGE plpgsql AS $$
    BEGIN
      RETURN (SELECT count(*) FROM two);
    END;
    $$;
    INSERT INTO two VALUES (1), (2);`,
};

describe.each(backends())('migrate on $name', (backend) => {
  let t: TestDatabase;
  const dirs: string[] = [];
  const dirOf = async (files: Record<string, string>): Promise<string> => {
    const dir = await migrationsDir(files);
    dirs.push(dir);
    return dir;
  };
  beforeEach(async () => {
    t = await backend.fresh();
  });
  afterEach(async () => {
    await t.dispose();
  });
  afterAll(async () => {
    await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
    await backend.cleanup();
  });

  it('applies each file once, in order, and records it; a re-run applies nothing', async () => {
    const dir = await dirOf(TWO);
    expect(await migrate(t.db, dir)).toEqual({ applied: ['001_one.sql', '002_two.sql'] });
    expect(await recorded(t.db)).toEqual([
      { version: 1, name: '001_one.sql' },
      { version: 2, name: '002_two.sql' },
    ]);
    expect((await t.db.query('SELECT two_count() AS n')).rows).toEqual([{ n: '2' }]);
    expect(await migrate(t.db, dir)).toEqual({ applied: [] });
    expect((await t.db.query('SELECT count(*) AS n FROM two')).rows).toEqual([{ n: '2' }]);
  });

  it('applies only what is new', async () => {
    await migrate(t.db, await dirOf(ONE));
    expect(await migrate(t.db, await dirOf(TWO))).toEqual({ applied: ['002_two.sql'] });
  });

  it('fails on a changed checksum, naming the file, before applying anything new', async () => {
    await migrate(t.db, await dirOf(ONE));
    const changed = await dirOf({
      '001_one.sql': 'CREATE TABLE one (id bigint PRIMARY KEY);',
      '002_two.sql': TWO['002_two.sql'],
    });
    const err = await failure(migrate(t.db, changed));
    expect(err.code).toBe('MIGRATION_FAILED');
    expect(err.details.file).toBe('001_one.sql');
    expect(await tableExists(t.db, 'two')).toBe(false);
  });

  it('rolls a failing migration back completely: no partial table, no record', async () => {
    const dir = await dirOf({
      ...ONE,
      '002_bad.sql':
        'CREATE TABLE partial (id int); INSERT INTO partial VALUES (1); SELECT * FROM no_such_table;',
    });
    const err = await failure(migrate(t.db, dir));
    expect(err).toMatchObject({
      code: 'MIGRATION_FAILED',
      details: { file: '002_bad.sql', sqlState: '42P01' },
    });
    expect(await tableExists(t.db, 'partial')).toBe(false);
    expect(await recorded(t.db)).toEqual([{ version: 1, name: '001_one.sql' }]);
    expect(await tableExists(t.db, 'one')).toBe(true);
  });

  it('rejects badly named files and duplicate versions', async () => {
    expect((await failure(migrate(t.db, await dirOf({ '1_short.sql': 'SELECT 1' })))).code).toBe(
      'MIGRATION_FAILED',
    );
    const dup = await dirOf({ '001_a.sql': 'SELECT 1', '001_b.sql': 'SELECT 2' });
    expect(await failure(migrate(t.db, dup))).toMatchObject({
      code: 'MIGRATION_FAILED',
      details: { file: '001_b.sql' },
    });
  });

  it('applies the repository migrations (001_core creates hale_meta)', async () => {
    const files = (await fs.readdir(defaultMigrationsDir())).filter((f) => f.endsWith('.sql')).sort();
    expect(files).toContain('001_core.sql');
    expect(await migrate(t.db)).toEqual({ applied: files });
    await t.db.query('INSERT INTO hale_meta (key, value) VALUES ($1, $2)', ['initialised', 'yes']);
    expect((await t.db.query('SELECT value FROM hale_meta WHERE key = $1', ['initialised'])).rows).toEqual([
      { value: 'yes' },
    ]);
  });

  it('is safe when several migrations run at once (separate pools on a real server)', async () => {
    const dir = await dirOf(TWO);
    const handles = t.another ? [t.db, await t.another(), await t.another()] : [t.db, t.db];
    const results = await Promise.all(handles.map((h) => migrate(h, dir)));
    const applied = results.flatMap((r) => r.applied).sort();
    expect(applied).toEqual(['001_one.sql', '002_two.sql']);
    expect((await t.db.query('SELECT count(*) AS n FROM two')).rows).toEqual([{ n: '2' }]);
  });
});
