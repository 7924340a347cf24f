import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../lib/fs';
import { exec, type ExecResult } from '../exec';
import { PythonEnvError } from './errors';
import { readJournal, writeJournal, type Journal } from './journal';
import { currentVenvName, newVenvName, type PythonEnvPaths } from './layout';

/**
 * Runs one command of the build. The Linux runner passes its sandbox here (network off, only the
 * new environment's directory writable); the default runs it directly.
 */
export type BuildCommandRunner = (
  argv: string[],
  writable: string[],
  readable: string[],
) => Promise<ExecResult>;

const direct: BuildCommandRunner = (argv) => exec(argv, { timeoutMs: 15 * 60 * 1000 });

export interface BuildOptions {
  /** Hash-pinned requirements lock (every line `==` + `--hash=sha256:`). */
  lockfile: string;
  /** Folder of verified wheels staged from the store (`pip --find-links`). */
  findLinks: string;
  /** Modules that must import in the new environment (the service's own imports). */
  audit: string[];
  python?: string;
  run?: BuildCommandRunner;
  now?: Date;
}

export interface BuiltEnvironment {
  name: string;
  dir: string;
  packages: Record<string, string>;
  timingsMs: { venv: number; install: number; audit: number };
}

let realPython: Promise<string> | undefined;

/**
 * The interpreter behind `python3` on PATH, resolved once: version-manager shims (pyenv) run hooks
 * after pip that write outside the sandbox's writable directory, so the real binary is used.
 */
export function resolvePython(): Promise<string> {
  realPython ??= exec(['python3', '-c', 'import sys; print(sys.executable)']).then((r) => {
    const found = r.stdout.trim();
    if (r.exitCode !== 0 || !found) {
      throw new PythonEnvError(
        'PYENV_BUILD_FAILED',
        `python3 is not usable: ${r.stderr.trim() || 'no output'}`,
      );
    }
    return found;
  });
  return realPython;
}

/** Marker written last into a complete environment (an environment without it is incomplete). */
const MARKER = '.hale-env.json';

function failed(
  code: ConstructorParameters<typeof PythonEnvError>[0],
  what: string,
  r: ExecResult,
): PythonEnvError {
  const tail = `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-8).join('\n');
  return new PythonEnvError(code, `${what} failed (exit ${r.exitCode ?? r.signal}): ${tail}`, {
    details: { exit_code: r.exitCode, signal: r.signal },
  });
}

/** name → version of the distributions installed in a venv (read from dist-info METADATA). */
export function installedPackages(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lib = path.join(dir, 'lib');
  if (!fs.existsSync(lib)) return out;
  for (const py of fs.readdirSync(lib)) {
    const site = path.join(lib, py, 'site-packages');
    if (!fs.existsSync(site)) continue;
    for (const d of fs.readdirSync(site).filter((x) => x.endsWith('.dist-info'))) {
      const meta = path.join(site, d, 'METADATA');
      if (!fs.existsSync(meta)) continue;
      const text = fs.readFileSync(meta, 'utf8');
      const name = /^Name: (.+)$/m.exec(text)?.[1]?.trim();
      const version = /^Version: (.+)$/m.exec(text)?.[1]?.trim();
      if (name && version) out[name] = version;
    }
  }
  return out;
}

/**
 * Builds a complete new environment beside the current one, never touching it: `venv` without pip,
 * `pip --python <new> install --no-index --find-links <staged wheels> --require-hashes -r <lock>`,
 * then the import audit, then the marker. The journal says `building` first, so a crash at any
 * point leaves a known incomplete directory that reconcile() removes.
 */
export async function buildEnvironment(paths: PythonEnvPaths, opts: BuildOptions): Promise<BuiltEnvironment> {
  const run = opts.run ?? direct;
  const python = opts.python ?? (await resolvePython());
  const name = newVenvName(opts.now);
  const dir = paths.venv(name);
  fs.mkdirSync(paths.venvs, { recursive: true });
  writeJournal(paths, { state: 'building', venv: name, previous: currentVenvName(paths) ?? null });
  const t0 = Date.now();
  const inputs = [opts.findLinks, opts.lockfile];
  const venv = await run([python, '-m', 'venv', '--without-pip', dir], [paths.venvs], []);
  if (venv.exitCode !== 0) throw failed('PYENV_BUILD_FAILED', `python -m venv ${dir}`, venv);
  const t1 = Date.now();
  const install = await run(
    [
      python,
      '-m',
      'pip',
      '--python',
      path.join(dir, 'bin', 'python'),
      'install',
      '--no-index',
      '--find-links',
      opts.findLinks,
      '--require-hashes',
      '--no-cache-dir',
      '--disable-pip-version-check',
      '--no-input',
      '--isolated',
      '-r',
      opts.lockfile,
    ],
    [dir],
    inputs,
  );
  if (install.exitCode !== 0) throw failed('PYENV_INSTALL_FAILED', 'pip install --no-index', install);
  const t2 = Date.now();
  if (opts.audit.length > 0) {
    const code = opts.audit.map((m) => `import ${m}`).join('; ');
    const audit = await run([path.join(dir, 'bin', 'python'), '-I', '-c', code], [dir], []);
    if (audit.exitCode !== 0) throw failed('PYENV_IMPORT_AUDIT_FAILED', `import audit (${code})`, audit);
  }
  const t3 = Date.now();
  const packages = installedPackages(dir);
  const lockSha = createHash('sha256').update(fs.readFileSync(opts.lockfile)).digest('hex');
  writeFileAtomic(
    path.join(dir, MARKER),
    `${JSON.stringify({ name, lockfile_sha256: lockSha, packages, built_at: new Date().toISOString() })}\n`,
  );
  writeJournal(paths, { state: 'built', venv: name, previous: currentVenvName(paths) ?? null });
  return { name, dir, packages, timingsMs: { venv: t1 - t0, install: t2 - t1, audit: t3 - t2 } };
}

export function isComplete(paths: PythonEnvPaths, name: string): boolean {
  return fs.existsSync(path.join(paths.venv(name), MARKER));
}

/**
 * Points venv_current at `name` atomically: a new symlink under a temporary name, then rename(2)
 * over venv_current (never delete-then-create). Refuses an incomplete environment.
 */
export function flipTo(
  paths: PythonEnvPaths,
  name: string,
  state: 'flipped' | 'rolled_back' = 'flipped',
): Journal {
  if (!isComplete(paths, name)) {
    throw new PythonEnvError('PYENV_LAYOUT_INVALID', `${paths.venv(name)} is not a complete environment`);
  }
  const previous = currentVenvName(paths) ?? null;
  const journal = writeJournal(paths, { state, venv: name, previous });
  const tmp = `${paths.current}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(path.join('venvs', name), tmp);
  fs.renameSync(tmp, paths.current);
  return journal;
}

/** Records that the service restarted healthy on the flipped environment (the change is done). */
export function markRestarted(paths: PythonEnvPaths): void {
  const j = readJournal(paths);
  if (j) writeJournal(paths, { state: 'restarted', venv: j.venv, previous: j.previous });
}

/** Complete environments, oldest first. */
export function completeEnvironments(paths: PythonEnvPaths): string[] {
  if (!fs.existsSync(paths.venvs)) return [];
  return fs
    .readdirSync(paths.venvs)
    .filter((n) => n.startsWith('venv_') && isComplete(paths, n))
    .sort();
}

/**
 * Rolls back to the environment before the current one (the journal's `previous`, else the newest
 * complete one older than current): one rename, independent of the environment's size.
 */
export function rollback(paths: PythonEnvPaths): Journal {
  const current = currentVenvName(paths);
  const journal = readJournal(paths);
  let target = journal && journal.venv === current ? journal.previous : null;
  if (!target || !isComplete(paths, target)) {
    target =
      completeEnvironments(paths)
        .filter((n) => current === undefined || n < current)
        .at(-1) ?? null;
  }
  if (!target)
    throw new PythonEnvError(
      'PYENV_NO_PREVIOUS',
      `no earlier complete environment than ${current ?? '(none)'}`,
    );
  return flipTo(paths, target, 'rolled_back');
}

export type Reconciled =
  | { action: 'none'; current: string | undefined }
  | { action: 'removed-incomplete'; removed: string; current: string | undefined }
  | { action: 'restart-needed'; current: string; previous: string | null };

/**
 * After a crash: an environment still `building` or `built` but never flipped is removed (the
 * service stays entirely on the old one); a `flipped` change whose restart was not confirmed needs
 * the caller to restart the service on the current environment (and roll back if unhealthy).
 */
export function reconcile(paths: PythonEnvPaths): Reconciled {
  const journal = readJournal(paths);
  const current = currentVenvName(paths);
  if (!journal) return { action: 'none', current };
  if (journal.state === 'building' || journal.state === 'built') {
    if (journal.venv !== current) {
      fs.rmSync(paths.venv(journal.venv), { recursive: true, force: true });
      writeJournal(paths, {
        state: 'aborted',
        venv: journal.venv,
        previous: journal.previous,
        detail: `reconciled from ${journal.state}`,
      });
      return { action: 'removed-incomplete', removed: journal.venv, current };
    }
  }
  if ((journal.state === 'flipped' || journal.state === 'rolled_back') && current) {
    return { action: 'restart-needed', current, previous: journal.previous };
  }
  return { action: 'none', current };
}
