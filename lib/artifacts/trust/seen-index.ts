import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../fs';

/** What a client remembers about the newest index it accepted (rollback protection). */
export interface SeenIndex {
  version: number;
  digest: string;
}

/**
 * The client's memory of the newest index per store, kept in the client's own data directory (not
 * in the store, which an attacker who can write the store could roll back too).
 */
export class SeenIndexFile {
  constructor(private readonly file: string) {}

  static forStore(clientDir: string, storeRoot: string): SeenIndexFile {
    const name = Buffer.from(path.resolve(storeRoot)).toString('base64url').slice(-120);
    return new SeenIndexFile(path.join(clientDir, 'seen-index', `${name}.json`));
  }

  read(): SeenIndex | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const doc = JSON.parse(text) as Partial<SeenIndex>;
    if (typeof doc.version !== 'number' || typeof doc.digest !== 'string') {
      throw new Error(`${this.file}: not a seen-index record`);
    }
    return { version: doc.version, digest: doc.digest };
  }

  /** Remembers `seen` when it is newer than what is stored (never goes back). */
  advance(seen: SeenIndex): void {
    const current = this.read();
    if (current && current.version >= seen.version) return;
    writeFileAtomic(this.file, `${JSON.stringify(seen)}\n`);
  }
}
