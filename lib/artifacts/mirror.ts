import fs from 'node:fs';
import path from 'node:path';
import { detectKind } from './packages';

/** Regular files under `dir` (recursively, sorted); symbolic links and hidden files are skipped. */
export function mirrorFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** A pre-mirrored folder split into importable packages (wheels, npm tarballs, debs) and the rest. */
export function mirrorContents(dir: string): { known: string[]; skipped: string[] } {
  const files = mirrorFiles(dir);
  const known = files.filter((f) => detectKind(path.basename(f)) !== undefined);
  return { known, skipped: files.filter((f) => !known.includes(f)) };
}
