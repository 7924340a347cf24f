/**
 * lib/db — one small query interface (`Db`) over two backends: node-postgres (DATABASE_URL) and
 * PGlite embedded in `<dataDir>/pglite`, which one process holds and may serve to the others over
 * the Postgres wire protocol. See docs/database.md.
 */
export type { Db, LockInfo, OpenedDatabase, PgliteDb, Queryable, QueryResult } from './types';
export { DbError, isDbError, redactUrl, type DbErrorCode } from './errors';
export { openPglite } from './pglite';
export { openPg, type PgDb, type PgOptions } from './pg';
export { openDatabase, type OpenDatabaseOptions } from './open';
export { serveEmbedded, type EmbeddedServer, type ServeOptions } from './serve';
export { migrate, loadMigrations, defaultMigrationsDir, type MigrationFile } from './migrate';
export { LOCK_FILE, lockPath, readLock } from './lock';
