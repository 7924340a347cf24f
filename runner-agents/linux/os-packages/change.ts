import fs from 'node:fs';
import path from 'node:path';
import { PROMOTE_ADVICE } from '../../../lib/artifacts/resolve';
import type { ArtifactStore } from '../../../lib/artifacts/store/store';
import { writeFileAtomic } from '../../../lib/fs';
import {
  installedVersion as dpkgInstalledVersion,
  installFromLocalRepo,
  removePackage,
  type AptRunner,
} from './apt';
import { OsPackageError } from './errors';
import { buildLocalRepo } from './repo';

/** What the host had before a package change: enough to go back (reinstall from the store, or remove). */
export interface OsPackageSnapshot {
  id: string;
  taken_at: string;
  packages: { name: string; previous: string | null; target: string; ref: string }[];
}

export interface OsPackageChangeResult {
  status: 'applied' | 'rolled_back' | 'deferred' | 'failed';
  snapshot?: string;
  installed: Record<string, string | undefined>;
  badArtifacts: string[];
  deferred?: { name: string; version: string; reason: string }[];
  commands: string[][];
  error?: { code: string; message: string };
}

export interface OsPackageChangeOptions {
  store: ArtifactStore;
  /** `local://…` refs of the .debs to install (each verified before use). */
  refs: string[];
  /** Scratch directory (staged .debs, the local repository); snapshots go to <workDir>/snapshots. */
  workDir: string;
  run?: AptRunner;
  installedVersion?: (name: string) => Promise<string | undefined>;
}

const snapshotFile = (workDir: string, id: string) => path.join(workDir, 'snapshots', `${id}.json`);

/** Store refs of a package version (good .debs only). */
function debRef(store: ArtifactStore, name: string, version: string): string | undefined {
  return store
    .list()
    .find(
      (a) =>
        a.entry.kind === 'deb' &&
        a.entry.name === name &&
        a.entry.version === version &&
        a.entry.status === 'good',
    )?.ref;
}

/** Verifies each ref, stages the blobs, writes a flat repository; returns name → version. */
async function stageRepo(store: ArtifactStore, refs: string[], dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'debs'), { recursive: true });
  fs.chmodSync(dir, 0o755); // apt reads file: repositories as _apt when it can
  const files: string[] = [];
  for (const ref of refs) {
    const usable = await store.verifyForUse(ref);
    const file = path.join(dir, 'debs', `${files.length}.deb`);
    fs.copyFileSync(usable.file, file);
    files.push(file);
  }
  const repo = path.join(dir, 'repo');
  const entries = await buildLocalRepo(repo, files);
  return { repo, entries };
}

/**
 * Installs pinned .debs from the store through a private local repository. Before anything is
 * installed, a snapshot records each package's current version, and the change is refused
 * (deferred) when a package is installed in a version the store does not hold: such a change
 * could not be rolled back. A failed install rolls back what changed and reports the artifacts bad.
 */
export async function applyOsPackages(opts: OsPackageChangeOptions): Promise<OsPackageChangeResult> {
  const current = opts.installedVersion ?? dpkgInstalledVersion;
  if (opts.refs.length === 0) throw new OsPackageError('OSPKG_SPEC_INVALID', 'no packages to install');
  const stage = path.join(opts.workDir, 'os-packages-stage');
  const { repo, entries } = await stageRepo(opts.store, opts.refs, stage);
  const id = `os-packages-${new Date().toISOString().replace(/[-:.]/g, '')}`;
  const snapshot: OsPackageSnapshot = { id, taken_at: new Date().toISOString(), packages: [] };
  const deferred: NonNullable<OsPackageChangeResult['deferred']> = [];
  for (const [i, e] of entries.entries()) {
    const previous = (await current(e.package)) ?? null;
    if (previous !== null && previous !== e.version && !debRef(opts.store, e.package, previous)) {
      deferred.push({
        name: e.package,
        version: previous,
        reason: `the installed version is not in the store, so the change could not be undone: ${PROMOTE_ADVICE}`,
      });
    }
    snapshot.packages.push({ name: e.package, previous, target: e.version, ref: opts.refs[i] ?? '' });
  }
  if (deferred.length > 0)
    return { status: 'deferred', installed: {}, badArtifacts: [], deferred, commands: [] };
  writeFileAtomic(snapshotFile(opts.workDir, id), `${JSON.stringify(snapshot)}\n`);
  try {
    const r = await installFromLocalRepo({
      repoDir: repo,
      packages: entries.map((e) => `${e.package}=${e.version}`),
      allowDowngrades: true,
      ...(opts.run ? { run: opts.run } : {}),
    });
    return {
      status: 'applied',
      snapshot: id,
      installed: r.installed,
      badArtifacts: [],
      commands: [r.commands.update, r.commands.install],
    };
  } catch (err) {
    const e = err as { code?: string; message: string };
    const back = await rollbackOsPackages({ ...opts, snapshot: id });
    return {
      ...back,
      status: 'rolled_back',
      badArtifacts: opts.refs,
      error: { code: e.code ?? 'ERROR', message: e.message },
    };
  }
}

export function readOsPackageSnapshot(workDir: string, id: string): OsPackageSnapshot {
  if (!/^os-packages-[0-9TZ]+$/.test(id)) {
    throw new OsPackageError(
      'OSPKG_SNAPSHOT_INVALID',
      `${JSON.stringify(id)} is not an OS package snapshot id`,
    );
  }
  try {
    return JSON.parse(fs.readFileSync(snapshotFile(workDir, id), 'utf8')) as OsPackageSnapshot;
  } catch (err) {
    throw new OsPackageError('OSPKG_SNAPSHOT_INVALID', `snapshot ${id}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** Puts every package of a snapshot back: the previous version reinstalled from the store, or removed. */
export async function rollbackOsPackages(
  opts: Omit<OsPackageChangeOptions, 'refs'> & { snapshot: string },
): Promise<OsPackageChangeResult> {
  const current = opts.installedVersion ?? dpkgInstalledVersion;
  const snap = readOsPackageSnapshot(opts.workDir, opts.snapshot);
  const commands: string[][] = [];
  const reinstall: string[] = [];
  for (const p of snap.packages) {
    const now = (await current(p.name)) ?? null;
    if (now === p.previous) continue;
    if (p.previous === null) {
      commands.push(await removePackage(p.name, opts.run ? { run: opts.run } : {}));
      continue;
    }
    const ref = debRef(opts.store, p.name, p.previous);
    if (!ref) {
      throw new OsPackageError(
        'OSPKG_ROLLBACK_UNAVAILABLE',
        `${p.name}=${p.previous} is no longer in the store`,
      );
    }
    reinstall.push(ref);
  }
  if (reinstall.length > 0) {
    const { repo, entries } = await stageRepo(
      opts.store,
      reinstall,
      path.join(opts.workDir, 'os-packages-rollback'),
    );
    const r = await installFromLocalRepo({
      repoDir: repo,
      packages: entries.map((e) => `${e.package}=${e.version}`),
      allowDowngrades: true,
      ...(opts.run ? { run: opts.run } : {}),
    });
    commands.push(r.commands.update, r.commands.install);
  }
  const installed: Record<string, string | undefined> = {};
  for (const p of snap.packages) installed[p.name] = await current(p.name);
  return { status: 'rolled_back', snapshot: snap.id, installed, badArtifacts: [], commands };
}
