import { randomBytes } from 'node:crypto';
import { migrate, openDatabase, openPg, openPglite, serveEmbedded, type Db } from '../../lib/db';

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

/**
 * A database other processes reach too (for tests that spawn `hale worker`): DATABASE_URL's real
 * server, or an in-memory PGlite served over its socket as `hale up` does. `db` is this process's
 * client; `close` closes it and the server.
 */
export async function openSharedTestDb(
  dataDir: string,
): Promise<{ db: Db; url: string; close(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const db = await openPg(process.env.DATABASE_URL);
    await migrate(db);
    return { db, url: process.env.DATABASE_URL, close: () => db.close() };
  }
  const embedded = await openPglite(undefined);
  await migrate(embedded);
  const served = await serveEmbedded(embedded, { dataDir, host: '127.0.0.1', port: 0 });
  const db = await openDatabase({ dataDir });
  return {
    db,
    url: served.url,
    async close() {
      await db.close();
      await served.close();
      await embedded.close();
    },
  };
}
