import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

import type { CacheInfo } from '../../api';

/** Regular files and their total size under `dir` (symbolic links are counted, never followed). */
async function walk(dir: string): Promise<{ entries: number; bytes: number }> {
  let entries = 0;
  let bytes = 0;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return { entries, bytes };
    throw err;
  }
  for (const name of names) {
    const p = path.join(dir, name);
    const s = await lstat(p);
    if (s.isDirectory()) {
      const sub = await walk(p);
      entries += sub.entries;
      bytes += sub.bytes;
    } else {
      entries += 1;
      bytes += s.size;
    }
  }
  return { entries, bytes };
}

/**
 * Entries (files, recursively) and bytes of each cache directory (pip wheel store, npm cache,
 * artifact store…). A directory that does not exist counts 0 entries and 0 bytes.
 */
export async function collectCacheInfo(caches: { kind: string; path: string }[]): Promise<CacheInfo> {
  const out: CacheInfo = { caches: [] };
  for (const c of caches) out.caches.push({ kind: c.kind, path: c.path, ...(await walk(c.path)) });
  return out;
}
