import fs from 'node:fs/promises';
import path from 'node:path';
import { isDbError, lockPath, openDatabase, openPglite, readLock } from '../../../lib/db';
import { preparedDataDir, removeDataDirs } from './backends';
import { closedPort, deadPid, liveProcess } from './processes';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isDbError(err) ? err.code : `not a DbError: ${String(err)}`;
}

async function writeLock(dataDir: string, pid: number, url: string | null): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(lockPath(dataDir), JSON.stringify({ pid, url, startedAt: new Date().toISOString() }));
}

const exists = (file: string): Promise<boolean> =>
  fs.access(file).then(
    () => true,
    () => false,
  );

describe('openDatabase without DATABASE_URL', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await preparedDataDir();
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  afterAll(() => removeDataDirs());

  it('opens PGlite under <dataDir>/pglite, holds the lock while open, releases it on close', async () => {
    const db = await openDatabase({ dataDir });
    expect(db.via).toBe('pglite');
    expect(db.kind).toBe('pglite');
    expect(await readLock(dataDir)).toMatchObject({ pid: process.pid, url: null });
    await db.query('CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$x$$)');
    expect(await exists(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    await db.close();
    expect(await readLock(dataDir)).toBeUndefined();

    const again = await openDatabase({ dataDir });
    expect((await again.query('SELECT v FROM kept')).rows).toEqual([{ v: 'x' }]);
    await again.close();
  });

  it('refuses a second direct open in the same process (DB_LOCKED)', async () => {
    const db = await openDatabase({ dataDir });
    try {
      expect(await codeOf(openPglite(dataDir))).toBe('DB_LOCKED');
      expect(await codeOf(openDatabase({ dataDir }))).toBe('DB_LOCKED'); // held directly: no socket
      expect(await codeOf(openDatabase({ dataDir, direct: true }))).toBe('DB_LOCKED');
    } finally {
      await db.close();
    }
  });

  it('refuses while another live process holds the lock', async () => {
    const other = liveProcess();
    try {
      await writeLock(dataDir, other.pid, null);
      const err = await openDatabase({ dataDir }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDbError(err) && err.code).toBe('DB_LOCKED');
      expect(isDbError(err) && err.details.pid).toBe(other.pid);
      expect(await codeOf(openPglite(dataDir))).toBe('DB_LOCKED');
      await writeLock(dataDir, other.pid, 'postgres://postgres@127.0.0.1:9/postgres');
      expect(await codeOf(openDatabase({ dataDir, direct: true }))).toBe('DB_LOCKED');
    } finally {
      await other.stop();
    }
    expect((await readLock(dataDir))?.pid).toBe(other.pid); // refusing never touched the lock
  });

  it('names the lock file when a live holder serves a url that does not answer', async () => {
    const other = liveProcess();
    try {
      await writeLock(dataDir, other.pid, `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`);
      const err = await openDatabase({ dataDir, connectTimeoutMs: 5000 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDbError(err) && err.code).toBe('DB_UNREACHABLE');
      expect(isDbError(err) && err.details).toMatchObject({ lockFile: lockPath(dataDir), pid: other.pid });
    } finally {
      await other.stop();
    }
  });

  it('removes a stale lock (dead pid) and opens PGlite directly', async () => {
    const pid = await deadPid();
    await writeLock(dataDir, pid, 'postgres://postgres@127.0.0.1:9/postgres');
    const db = await openDatabase({ dataDir });
    try {
      expect(db.via).toBe('pglite');
      expect(await readLock(dataDir)).toMatchObject({ pid: process.pid, url: null });
    } finally {
      await db.close();
    }
    expect(await exists(lockPath(dataDir))).toBe(false);
  });

  it('reports an unreadable lock file instead of guessing', async () => {
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(lockPath(dataDir), 'not json');
    expect(await codeOf(openDatabase({ dataDir }))).toBe('DB_LOCKED');
  });
});
