import fs from 'node:fs';
import path from 'node:path';
import { SandboxError } from './errors';

export const BWRAP_INSTALL_HINT =
  'install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap, or scripts/ensure-debian-packages.sh bubblewrap; ' +
  'Fedora: dnf install bubblewrap)';

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false; // absent or not executable: try the next directory
  }
}

/** Absolute path of `bwrap` on `searchPath` (default $PATH); SANDBOX_UNAVAILABLE naming what to install. */
export function findBwrap(searchPath: string = process.env.PATH ?? DEFAULT_PATH): string {
  for (const dir of searchPath.split(':')) {
    if (!path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, 'bwrap');
    if (isExecutable(candidate)) return candidate;
  }
  throw new SandboxError('SANDBOX_UNAVAILABLE', `bwrap not found on PATH: ${BWRAP_INSTALL_HINT}`, {
    details: { searchPath },
  });
}
