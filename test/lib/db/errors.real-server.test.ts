import { isDbError, openDatabase, openPg } from '../../../lib/db';
import { serverUrl } from './backends';

/**
 * Runs only against a real server: `make db-real` sets DATABASE_URL; the PGlite run leaves this file
 * out by name (`*.real-server.test.ts`). Without a server it fails, never skips.
 */
if (!serverUrl) throw new Error('needs a real server: DATABASE_URL (run `make db-real`)');

/** Everything an error could show in a log: message, stack, details and the cause chain. */
function everything(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const x = e as { message?: unknown; stack?: unknown; details?: unknown; cause?: unknown };
    parts.push(String(x.message), String(x.stack), JSON.stringify(x.details ?? {}));
    e = x.cause;
  }
  return parts.join('\n');
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('db errors on the real server', () => {
  const url = serverUrl ?? '';

  it('openDatabase with a databaseUrl uses the server', async () => {
    const db = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent-not-used' });
    try {
      expect(db.via).toBe('postgres');
      expect(db.kind).toBe('pg');
      expect((await db.query('SELECT current_database() AS d')).rows).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('reports a refused password as DB_UNREACHABLE with SQLSTATE 28P01 and no secret', async () => {
    const u = new URL(url);
    u.password = 'Wr0ngButSecretPw';
    const err = await rejection(openPg(u.toString()));
    expect(isDbError(err) && err.code).toBe('DB_UNREACHABLE');
    expect(isDbError(err) && err.details.sqlState).toBe('28P01');
    expect(everything(err)).not.toContain('Wr0ngButSecretPw');
    expect(everything(err)).not.toContain(new URL(url).password);
  });

  it('reports a missing database as DB_UNREACHABLE with SQLSTATE 3D000', async () => {
    const u = new URL(url);
    u.pathname = '/no_such_database_here';
    const err = await rejection(openPg(u.toString()));
    expect(isDbError(err) && err.details.sqlState).toBe('3D000');
  });
});
