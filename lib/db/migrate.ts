import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DbError, isDbError, isErrorLike } from './errors';
import type { Db, Queryable } from './types';

/** Serialises migrators across processes on a real server (transaction-scoped, so never leaked). */
const MIGRATION_LOCK_KEY = 0x48616c65; // "Hale"
const LOCK_SQL = `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
const FILE_PATTERN = /^(\d{3,})_([A-Za-z0-9_]+)\.sql$/;

export interface MigrationFile {
  version: number;
  file: string;
  sql: string;
  checksum: string;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/** `<repo>/infra/postgres/migrations`, from lib/db (sources) or dist/lib/db (build). */
export function defaultMigrationsDir(): string {
  const candidates = ['../..', '../../..'].map((up) =>
    path.resolve(__dirname, up, 'infra', 'postgres', 'migrations'),
  );
  return candidates.find((dir) => existsSync(dir)) ?? (candidates[0] as string);
}

function fail(message: string, file: string | undefined, cause?: unknown): DbError {
  const sqlState = isDbError(cause) ? cause.details.sqlState : undefined;
  return new DbError('MIGRATION_FAILED', message, {
    cause,
    details: { ...(file ? { file } : {}), ...(sqlState ? { sqlState } : {}) },
  });
}

/** Reads `NNN_name.sql` files in version order; other `.sql` names and duplicate versions fail. */
export async function loadMigrations(dir: string): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    throw fail(`cannot read migrations directory ${dir}`, undefined, err);
  }
  const files: MigrationFile[] = [];
  for (const file of names.filter((n) => n.endsWith('.sql')).sort()) {
    const m = FILE_PATTERN.exec(file);
    if (!m) throw fail(`migration file ${file} is not named NNN_name.sql`, file);
    const version = Number(m[1]);
    const clash = files.find((f) => f.version === version);
    if (clash) throw fail(`migrations ${clash.file} and ${file} share version ${version}`, file);
    const sql = (await fs.readFile(path.join(dir, file), 'utf8')).replace(/\r\n/g, '\n');
    files.push({ version, file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return files.sort((a, b) => a.version - b.version);
}

function checkUnchanged(m: MigrationFile, row: AppliedRow): void {
  if (row.checksum !== m.checksum) {
    throw fail(
      `migration ${m.file} was changed after it was applied (recorded checksum ${row.checksum.slice(0, 12)}…, ` +
        `file ${m.checksum.slice(0, 12)}…); add a new migration instead`,
      m.file,
    );
  }
}

async function appliedRows(tx: Queryable, version?: number): Promise<Map<number, AppliedRow>> {
  const { rows } =
    version === undefined
      ? await tx.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations')
      : await tx.query<AppliedRow>(
          'SELECT version, name, checksum FROM schema_migrations WHERE version = $1',
          [version],
        );
  return new Map(rows.map((r) => [Number(r.version), r]));
}

/**
 * Applies the pending migrations of `dir` in version order. Each file runs in its own transaction
 * together with its `schema_migrations` row, under a transaction-scoped advisory lock, so several
 * processes may call migrate at once: the first applies, the others wait and then skip.
 * A recorded migration whose file changed fails with MIGRATION_FAILED before anything is applied.
 */
export async function migrate(db: Db, dir: string = defaultMigrationsDir()): Promise<{ applied: string[] }> {
  const files = await loadMigrations(dir);
  const done = await db.transaction(async (tx) => {
    await tx.query(LOCK_SQL);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    return appliedRows(tx);
  });
  for (const m of files) {
    const row = done.get(m.version);
    if (row) checkUnchanged(m, row);
  }
  const applied: string[] = [];
  for (const m of files.filter((f) => !done.has(f.version))) {
    const ran = await db.transaction(async (tx) => {
      await tx.query(LOCK_SQL);
      const row = (await appliedRows(tx, m.version)).get(m.version);
      if (row) {
        checkUnchanged(m, row); // another process applied it while we waited for the lock
        return false;
      }
      try {
        await tx.query(m.sql);
      } catch (err) {
        throw fail(
          `migration ${m.file} failed: ${isErrorLike(err) ? err.message : String(err)}`,
          m.file,
          err,
        );
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.file,
        m.checksum,
      ]);
      return true;
    });
    if (ran) applied.push(m.file);
  }
  return { applied };
}
