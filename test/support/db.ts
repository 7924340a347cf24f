import { migrate, openPg, openPglite, type Db } from '../../lib/db';

/** The suite's database: a real server when DATABASE_URL is set, else an in-memory PGlite. Migrated. */
export async function openTestDb(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  const db = url ? await openPg(url) : await openPglite(undefined);
  await migrate(db);
  return db;
}

export const backendName = (): string => (process.env.DATABASE_URL ? 'postgres' : 'pglite');
