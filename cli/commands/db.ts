import { loadConfig } from '../../lib/config';
import { migrate, openDatabase } from '../../lib/db';
import { checkFlags, parseArgs, stringFlag } from '../args';
import { UsageError } from '../usage-error';

export const dbHelp = `hale db migrate [--config FILE]
  Applies pending migrations (DATABASE_URL, the embedded database served by \`hale up\`, or the
  embedded files directly when nothing holds them).`;

export async function dbCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  checkFlags(args, ['config']);
  if (args.positional[0] !== 'migrate') throw new UsageError(dbHelp);
  const config = loadConfig({ path: stringFlag(args, 'config') });
  const db = await openDatabase({ databaseUrl: config.database.url, dataDir: config.dataDir });
  try {
    const { applied } = await migrate(db);
    console.log(applied.length === 0 ? 'hale: database up to date' : `hale: applied ${applied.join(', ')}`);
  } finally {
    await db.close();
  }
  return 0;
}
