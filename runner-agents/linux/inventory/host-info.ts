import { execFile } from 'node:child_process';
import { access, constants, readFile, statfs } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PRETTY_NAME of an os-release text (quotes and escapes removed); undefined when absent. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m?.[1] || m[2] === undefined) continue;
    let v = m[2];
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    out[m[1]] = v;
  }
  return out;
}

/** PRETTY_NAME from /etc/os-release (falling back to /usr/lib/os-release), else `Linux`. */
export async function osVersion(files = ['/etc/os-release', '/usr/lib/os-release']): Promise<string> {
  for (const f of files) {
    try {
      const fields = parseOsRelease(await readFile(f, 'utf8'));
      return fields['PRETTY_NAME'] ?? fields['NAME'] ?? 'Linux';
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ENOENT') throw err;
    }
  }
  return 'Linux';
}

/** The first executable called `name` on PATH; undefined when there is none. */
export async function which(name: string, pathEnv = process.env['PATH'] ?? ''): Promise<string | undefined> {
  for (const dir of pathEnv.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory: keep looking
    }
  }
  return undefined;
}

/** `Python 3.11.7` → `3.11.7`. */
export function parsePythonVersion(output: string): string | undefined {
  return /Python\s+(\S+)/.exec(output)?.[1];
}

/** `python3 --version`; undefined when python3 is not installed. */
export async function pythonVersion(): Promise<string | undefined> {
  const exe = await which('python3');
  if (!exe) return undefined;
  const { stdout, stderr } = await run(exe, ['--version'], { timeout: 10_000 });
  return parsePythonVersion(`${stdout}${stderr}`);
}

/** The NVIDIA driver version from `nvidia-smi`; undefined when nvidia-smi is absent or finds no GPU. */
export async function gpuDriverVersion(): Promise<string | undefined> {
  const exe = await which('nvidia-smi');
  if (!exe) return undefined;
  try {
    const { stdout } = await run(exe, ['--query-gpu=driver_version', '--format=csv,noheader'], {
      timeout: 15_000,
    });
    return stdout.split('\n')[0]?.trim() || undefined;
  } catch {
    // nvidia-smi is installed but no driver or GPU answers: the host has no usable GPU driver
    return undefined;
  }
}

/** Size and free space (for unprivileged users) of each path's filesystem. */
export async function diskInfo(
  paths: string[],
): Promise<{ path: string; totalBytes: number; freeBytes: number }[]> {
  return Promise.all(
    paths.map(async (p) => {
      const s = await statfs(p);
      return { path: p, totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
    }),
  );
}
