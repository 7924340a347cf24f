import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openPg, openPglite, type Db } from '../../../lib/db';

/**
 * The backends a shared suite runs on: PGlite in memory, PGlite on disk, and — when DATABASE_URL
 * is set (scripts/pg-test-cluster.sh) — the real server. Use with
 * `describe.each(backends())('$name', (backend) => …)` and `afterAll(() => backend.cleanup())`.
 */
export interface TestDatabase {
  db: Db;
  /** A second, independent handle on the same database (real server only). */
  another?: () => Promise<Db>;
  dispose(): Promise<void>;
}

export interface Backend {
  name: 'pglite-memory' | 'pglite-disk' | 'postgres';
  kind: Db['kind'];
  /** A fresh, empty database: its own PGlite, or its own schema on the real server. */
  fresh(): Promise<TestDatabase>;
  cleanup(): Promise<void>;
}

export async function tempDir(prefix = 'hale-db-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

const pgliteMemory: Backend = {
  name: 'pglite-memory',
  kind: 'pglite',
  async fresh() {
    const db = await openPglite(undefined);
    return { db, dispose: () => db.close() };
  },
  async cleanup() {
    // nothing shared
  },
};

let templateRoot: Promise<string> | undefined;

/**
 * A new Hale data dir whose `pglite/` is a copy of one initialised template (initdb runs once per
 * test file, not once per test). Remove it with `removeDataDirs()` in afterAll.
 */
export async function preparedDataDir(): Promise<string> {
  const root = await (templateRoot ??= (async () => {
    const dir = await tempDir();
    try {
      const db = await openPglite(path.join(dir, 'template'));
      await db.close();
      return dir;
    } catch (err) {
      await fs.rm(dir, { recursive: true, force: true });
      throw err;
    }
  })());
  const dataDir = path.join(root, randomBytes(6).toString('hex'));
  await fs.cp(path.join(root, 'template', 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
  return dataDir;
}

export async function removeDataDirs(): Promise<void> {
  const root = templateRoot;
  templateRoot = undefined;
  const dir = await root?.catch(() => undefined); // a failed template already removed itself
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}

const pgliteDisk: Backend = {
  name: 'pglite-disk',
  kind: 'pglite',
  async fresh() {
    const dataDir = await preparedDataDir();
    const db = await openPglite(dataDir);
    return {
      db,
      async dispose() {
        await db.close();
        await fs.rm(dataDir, { recursive: true, force: true });
      },
    };
  },
  cleanup: removeDataDirs,
};

/** Appends `options=-c search_path=<schema>` so every connection of the pool lives in the schema. */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

function postgres(url: string): Backend {
  let admin: Promise<Db> | undefined;
  return {
    name: 'postgres',
    kind: 'pg',
    async fresh() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const adminDb = await (admin ??= openPg(url, { max: 2 }));
      await adminDb.query(`CREATE SCHEMA ${schema}`);
      const scoped = withSearchPath(url, schema);
      const handles: Db[] = [];
      const open = async (): Promise<Db> => {
        const db = await openPg(scoped);
        handles.push(db);
        return db;
      };
      const db = await open();
      return {
        db,
        another: open,
        async dispose() {
          await Promise.all(handles.map((h) => h.close()));
          await adminDb.query(`DROP SCHEMA ${schema} CASCADE`);
        },
      };
    },
    async cleanup() {
      if (admin) await (await admin).close();
    },
  };
}

export function backends(): Backend[] {
  const list: Backend[] = [pgliteMemory, pgliteDisk];
  const url = process.env.DATABASE_URL;
  if (url) list.push(postgres(url));
  return list;
}

/** The real server's URL when DATABASE_URL is set (tests that need one skip without it). */
export const serverUrl: string | undefined = process.env.DATABASE_URL || undefined;
