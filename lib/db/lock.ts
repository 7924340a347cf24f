import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DbError, toDbError } from './errors';
import type { LockInfo } from './types';

/**
 * `<dataDir>/pglite.lock` says which process holds the PGlite files (PGlite is single-process).
 * It is created atomically (temp file + hard link), replaced atomically (rename), and is stale
 * when its pid is no longer alive (the holder crashed); a stale lock is removed by the next opener.
 */
export const LOCK_FILE = 'pglite.lock';

export function lockPath(dataDir: string): string {
  return path.join(dataDir, LOCK_FILE);
}

export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

export type LockState = { state: 'free' } | { state: 'live' | 'stale'; info: LockInfo };

function parseLock(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || (v.url !== null && typeof v.url !== 'string')) return undefined;
    return { pid: v.pid, url: v.url, startedAt: String(v.startedAt ?? '') };
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw toDbError(err, { code: 'DB_LOCKED', context: `cannot read ${file}` });
  }
}

export async function readLock(dataDir: string): Promise<LockInfo | undefined> {
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    const text = await readText(file);
    if (text === undefined) return undefined;
    const info = parseLock(text);
    if (info) return info;
    await new Promise((r) => setTimeout(r, 50)); // a non-link writer may be mid-write; look again
  }
  throw new DbError(
    'DB_LOCKED',
    `unreadable lock file ${file}; remove it if no Hale process uses ${dataDir}`,
    {
      details: { lockFile: file },
    },
  );
}

export async function inspectLock(dataDir: string): Promise<LockState> {
  const info = await readLock(dataDir);
  if (!info) return { state: 'free' };
  return { state: isPidAlive(info.pid) ? 'live' : 'stale', info };
}

export function lockedError(dataDir: string, info: LockInfo): DbError {
  const who = info.pid === process.pid ? 'this process' : `pid ${info.pid}`;
  const how = info.url ? `served by ${who} at ${info.url}; connect through it` : `open in ${who}`;
  return new DbError('DB_LOCKED', `PGlite data in ${dataDir} is ${how} (lock ${lockPath(dataDir)})`, {
    details: { lockFile: lockPath(dataDir), pid: info.pid, url: info.url },
  });
}

async function writeTemp(file: string, info: LockInfo): Promise<string> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(info)}\n`, { mode: 0o644 });
  return tmp;
}

/** Creates the lock for this process; removes a stale one; DB_LOCKED when a live process holds it. */
export async function acquireLock(dataDir: string, url: string | null): Promise<LockInfo> {
  await fs.mkdir(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const info: LockInfo = { pid: process.pid, url, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    const tmp = await writeTemp(file, info);
    try {
      await fs.link(tmp, file);
      return info;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw toDbError(err, { code: 'DB_LOCKED', context: `cannot create ${file}` });
      }
    } finally {
      await fs.rm(tmp, { force: true });
    }
    const current = await inspectLock(dataDir);
    if (current.state === 'live') throw lockedError(dataDir, current.info);
    if (current.state === 'stale') await fs.rm(file, { force: true });
  }
  throw new DbError('DB_LOCKED', `could not take ${file} (other processes keep racing for it)`, {
    details: { lockFile: file },
  });
}

/** Atomically rewrites the lock this process holds (e.g. to publish the socket url). */
export async function updateLock(dataDir: string, url: string | null): Promise<LockInfo> {
  const file = lockPath(dataDir);
  const current = await readLock(dataDir);
  if (current?.pid !== process.pid) {
    throw new DbError('DB_LOCKED', `${file} is not held by this process`, { details: { lockFile: file } });
  }
  const info: LockInfo = { pid: process.pid, url, startedAt: current.startedAt };
  const tmp = await writeTemp(file, info);
  await fs.rename(tmp, file);
  return info;
}

/** Removes the lock if this process holds it. */
export async function releaseLock(dataDir: string): Promise<void> {
  const current = await readLock(dataDir);
  if (current?.pid === process.pid) await fs.rm(lockPath(dataDir), { force: true });
}
