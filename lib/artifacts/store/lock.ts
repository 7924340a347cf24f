import fs from 'node:fs';
import { ArtifactError } from '../errors';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding the store's writer lock (a file created with O_EXCL holding the pid). A lock
 * left by a dead process on this host is taken over; a live holder → ARTIFACT_INPUT_INVALID after
 * `waitMs`.
 */
export async function withStoreLock<T>(file: string, fn: () => Promise<T>, waitMs = 30000): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = fs.openSync(file, 'wx', 0o644);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new ArtifactError(
          'ARTIFACT_INPUT_INVALID',
          `the store is locked by process ${holder} (${file})`,
          {
            details: { lock: file, pid: holder },
          },
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
