import fs from 'node:fs';
import path from 'node:path';

/**
 * Remembers every action id this runner accepted until the action's expiry, in an append-only file
 * (one JSON line per id), so a replay is refused even after a restart. Ids past their expiry are
 * dropped when the file is compacted: an expired action is refused by its expiry anyway.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const { id, exp } = JSON.parse(line) as { id: string; exp: number };
        if (typeof id === 'string' && typeof exp === 'number') this.seen.set(id, exp);
      } catch {
        // a torn last line after a crash: the ids before it are intact
      }
    }
  }

  /**
   * Claims `id` (valid until `expiresAt`): true the first time, false for a replay. The claim is on
   * disk (fsync) before this returns, so a crash right after cannot forget it.
   */
  claim(id: string, expiresAt: Date, now = new Date()): boolean {
    const known = this.seen.get(id);
    if (known !== undefined) return false;
    this.seen.set(id, expiresAt.getTime());
    const fd = fs.openSync(this.file, 'a', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify({ id, exp: expiresAt.getTime() })}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (this.seen.size > 10000) this.compact(now);
    return true;
  }

  /** Rewrites the file without ids whose actions have expired. */
  compact(now = new Date()): void {
    for (const [id, exp] of this.seen) if (exp < now.getTime()) this.seen.delete(id);
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, [...this.seen].map(([id, exp]) => `${JSON.stringify({ id, exp })}\n`).join(''), {
      mode: 0o600,
    });
    fs.renameSync(tmp, this.file);
  }
}
