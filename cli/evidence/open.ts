import { loadConfig } from '../../lib/config';
import { migrate, openDatabase, type OpenedDatabase } from '../../lib/db';
import { stringFlag, type ParsedArgs } from '../args';

/** The ledger's database, read directly (DATABASE_URL, or the embedded one: through `hale up` when it runs). */
export async function openLedgerDb(args: ParsedArgs): Promise<{ db: OpenedDatabase; dataDir: string }> {
  const config = loadConfig({ path: stringFlag(args, 'config') });
  const db = await openDatabase({ databaseUrl: config.database.url, dataDir: config.dataDir });
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return { db, dataDir: config.dataDir };
}

export async function withLedgerDb<T>(
  args: ParsedArgs,
  fn: (db: OpenedDatabase, dataDir: string) => Promise<T>,
): Promise<T> {
  const { db, dataDir } = await openLedgerDb(args);
  try {
    return await fn(db, dataDir);
  } finally {
    await db.close();
  }
}
