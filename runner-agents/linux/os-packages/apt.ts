import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exec, type ExecResult } from '../exec';
import { OsPackageError } from './errors';
import { checkPackageName, parsePackageSpec } from './spec';

export type AptRunner = (argv: string[]) => Promise<ExecResult>;

const direct: AptRunner = (argv) =>
  exec(argv, { timeoutMs: 15 * 60 * 1000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });

export interface InstallOptions {
  /** Absolute path of a flat repository written by buildLocalRepo. */
  repoDir: string;
  /** `name=version`, pinned. */
  packages: string[];
  /** Simulate (`apt-get install --simulate`): resolves against the local repo, changes nothing. */
  dryRun?: boolean;
  /** Needed to go back to an older version (rollback by reinstall). */
  allowDowngrades?: boolean;
  /** Where the sources list and the package lists go (default: a temporary directory, removed after). */
  stateDir?: string;
  run?: AptRunner;
}

export interface InstallResult {
  sourcesList: { file: string; content: string };
  commands: { update: string[]; install: string[] };
  /** `Inst …` lines of a dry run. */
  simulated: string[];
  /** name → installed version after the run (undefined: not installed). */
  installed: Record<string, string | undefined>;
}

/** Options that make apt consult only our one sources file and keep its lists private. */
export function aptIsolation(sourcesList: string, listsDir: string): string[] {
  return [
    '-o',
    `Dir::Etc::sourcelist=${sourcesList}`,
    '-o',
    'Dir::Etc::sourceparts=-',
    '-o',
    'APT::Get::List-Cleanup=0',
    '-o',
    `Dir::State::Lists=${listsDir}`,
    '-o',
    'Dir::Cache::pkgcache=',
    '-o',
    'Dir::Cache::srcpkgcache=',
    '-o',
    'DPkg::Lock::Timeout=120',
  ];
}

function failed(
  code: 'OSPKG_UPDATE_FAILED' | 'OSPKG_INSTALL_FAILED' | 'OSPKG_REMOVE_FAILED',
  what: string,
  r: ExecResult,
) {
  const tail = `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-10).join('\n');
  return new OsPackageError(code, `${what} failed (exit ${r.exitCode ?? r.signal}): ${tail}`, {
    details: { exit_code: r.exitCode, signal: r.signal },
  });
}

/** The installed version of `name` (`install ok installed` only), undefined otherwise. */
export async function installedVersion(name: string): Promise<string | undefined> {
  const r = await exec(['dpkg-query', '-W', '-f', '${Status}\t${Version}', checkPackageName(name)]);
  const [status, version] = r.stdout.split('\t');
  return r.exitCode === 0 && status === 'install ok installed' && version ? version : undefined;
}

/**
 * `apt-get update` then `apt-get install -y --no-install-recommends name=version…`, both with a
 * generated sources list holding only `deb [trusted=yes] file:<repoDir> ./` and private lists, so
 * no other source (and no network) is consulted.
 */
export async function installFromLocalRepo(opts: InstallOptions): Promise<InstallResult> {
  if (!path.isAbsolute(opts.repoDir) || !/^[A-Za-z0-9_./+-]+$/.test(opts.repoDir)) {
    throw new OsPackageError(
      'OSPKG_REPO_INVALID',
      `repository path ${JSON.stringify(opts.repoDir)} is not usable`,
    );
  }
  if (!fs.existsSync(path.join(opts.repoDir, 'Packages'))) {
    throw new OsPackageError('OSPKG_REPO_INVALID', `${opts.repoDir} has no Packages index`);
  }
  const specs = opts.packages.map(parsePackageSpec);
  if (specs.length === 0) throw new OsPackageError('OSPKG_SPEC_INVALID', 'no packages to install');
  const run = opts.run ?? direct;
  const state = opts.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hale-apt-'));
  try {
    const lists = path.join(state, 'lists');
    fs.mkdirSync(path.join(lists, 'partial'), { recursive: true });
    const file = path.join(state, 'sources.list');
    const content = `deb [trusted=yes] file:${opts.repoDir} ./\n`;
    fs.writeFileSync(file, content);
    const iso = aptIsolation(file, lists);
    const update = ['apt-get', 'update', ...iso];
    const install = [
      'apt-get',
      'install',
      '-y',
      '--no-install-recommends',
      ...(opts.allowDowngrades ? ['--allow-downgrades'] : []),
      ...(opts.dryRun ? ['--simulate'] : []),
      ...iso,
      ...specs.map((s) => `${s.name}=${s.version}`),
    ];
    const u = await run(update);
    if (u.exitCode !== 0) throw failed('OSPKG_UPDATE_FAILED', 'apt-get update (local repo)', u);
    const i = await run(install);
    if (i.exitCode !== 0) throw failed('OSPKG_INSTALL_FAILED', 'apt-get install', i);
    const simulated = opts.dryRun ? i.stdout.split('\n').filter((l) => l.startsWith('Inst ')) : [];
    const installed: Record<string, string | undefined> = {};
    for (const s of specs) installed[s.name] = await installedVersion(s.name);
    return { sourcesList: { file, content }, commands: { update, install }, simulated, installed };
  } finally {
    if (!opts.stateDir) fs.rmSync(state, { recursive: true, force: true });
  }
}

/** dpkg says another dpkg/apt holds its lock (it has no lock timeout of its own, unlike apt). */
const LOCKED = /dpkg frontend lock|lock-frontend|dpkg status database is locked/;

/**
 * Rollback of a first install: `dpkg -r <name>` (a no-op when it is not installed). While another
 * dpkg or apt holds the lock it waits, like apt's DPkg::Lock::Timeout, up to `lockTimeoutMs`.
 */
export async function removePackage(
  name: string,
  opts: { run?: AptRunner; lockTimeoutMs?: number } = {},
): Promise<string[]> {
  const argv = ['dpkg', '-r', checkPackageName(name)];
  const deadline = Date.now() + (opts.lockTimeoutMs ?? 120_000);
  for (;;) {
    const r = await (opts.run ?? direct)(argv);
    if (r.exitCode === 0) return argv;
    if (!LOCKED.test(r.stderr) || Date.now() > deadline)
      throw failed('OSPKG_REMOVE_FAILED', argv.join(' '), r);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
