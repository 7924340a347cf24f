import { randomBytes } from 'node:crypto';
import { migrate, openPg, openPglite, type Db } from '../../lib/db';

/** The suite's database: a real server when DATABASE_URL is set, else an in-memory PGlite. Migrated. */
export async function openTestDb(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  const db = url ? await openPg(url) : await openPglite(undefined);
  await migrate(db);
  return db;
}

/**
 * A database of its own: an in-memory PGlite, or a fresh schema on the real server (dropped on
 * close). For tests whose ledger needs its own root key (the shared server's ledger already has one).
 */
export async function openIsolatedTestDb(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (!url) return openTestDb();
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = await openPg(url, { max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openPg(u.toString());
  await migrate(db);
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  });
}

export const backendName = (): string => (process.env.DATABASE_URL ? 'postgres' : 'pglite');
