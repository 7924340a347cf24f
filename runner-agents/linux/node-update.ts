import fs from 'node:fs';
import path from 'node:path';
import { parsePackageLock } from '../../lib/artifacts/lockfiles';
import { resolveLocked } from '../../lib/artifacts/resolve';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import type { SandboxSpec } from '../api';
import {
  buildRelease,
  currentReleaseName,
  flipRelease,
  markReleaseRestarted,
  nodeReleasePaths,
  NodeReleaseError,
  populateNpmCache,
  reconcileRelease,
  RELEASE_MARKER,
  rollbackRelease,
} from './node-release';
import { sandboxedRunner } from './sandboxed-runner';
import type { ServiceDriver } from './services/driver';
import {
  deferredUpdate,
  failedBeforeFlip,
  flipAndRestart,
  type UpdateResult,
  type UpdateStep,
} from './update-switch';

export interface NodeUpdateInput {
  /** The service's release root (releases/, current). */
  appRoot: string;
  /** The new package-lock.json; a package.json beside it replaces the release's one. */
  lockfile: string;
  /** The app's code when there is no current release yet (later releases copy the current one). */
  initialSource?: string;
  store: ArtifactStore;
  driver: ServiceDriver;
  /** Modules that must `require` in the new release. */
  audit: string[];
  /** Scratch directory (staged tarballs, private npm cache, the new source); emptied first. */
  stagingDir: string;
  /** npm and the audit run inside bubblewrap (network off). Default true. */
  sandbox?: boolean;
  onStep?: (step: UpdateStep) => void | Promise<void>;
}

const SKIPPED = new Set(['node_modules', '.git', RELEASE_MARKER]);

/** The new release's source: the current release's files (or the initial source) with the new manifests. */
function stageSource(input: NodeUpdateInput, into: string): void {
  const paths = nodeReleasePaths(input.appRoot);
  const current = currentReleaseName(paths);
  const from = current ? paths.release(current) : input.initialSource;
  if (!from) {
    throw new NodeReleaseError(
      'NODE_RELEASE_SOURCE_INVALID',
      `${input.appRoot} has no current release and no initial source is configured`,
    );
  }
  fs.cpSync(from, into, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => src === from || !SKIPPED.has(path.basename(src)),
  });
  fs.copyFileSync(input.lockfile, path.join(into, 'package-lock.json'));
  const manifest = path.join(path.dirname(input.lockfile), 'package.json');
  if (fs.existsSync(manifest)) fs.copyFileSync(manifest, path.join(into, 'package.json'));
}

/**
 * Offline Node dependency update of one service, the same steps as the Python one: resolve the
 * lock against the store (missing → deferred), verify every tarball before use (tamper throws:
 * hard stop), load the verified tarballs into a private npm cache, build the new release beside
 * the current one with `npm ci --offline` in the sandbox, flip `current` atomically, restart and
 * probe health; an unhealthy restart rolls back in one rename and restarts on the old release.
 */
export async function updateNodeRelease(input: NodeUpdateInput): Promise<UpdateResult> {
  const timings: Record<string, number> = {};
  const mark = (name: string, since: number) => (timings[name] = Date.now() - since);
  const step = async (s: UpdateStep) => input.onStep?.(s);
  const paths = nodeReleasePaths(input.appRoot);
  const specs: SandboxSpec[] = [];
  const run = input.sandbox === false ? {} : { run: sandboxedRunner(specs) };
  let t = Date.now();
  const locked = parsePackageLock(fs.readFileSync(input.lockfile, 'utf8'), input.lockfile);
  const resolved = resolveLocked(input.store, 'package-lock', locked);
  if (resolved.some((r) => r.deferred)) return deferredUpdate(resolved, timings);
  fs.rmSync(input.stagingDir, { recursive: true, force: true });
  const tarballs = path.join(input.stagingDir, 'tarballs');
  const cache = path.join(input.stagingDir, 'npm-cache');
  const source = path.join(input.stagingDir, 'source');
  fs.mkdirSync(tarballs, { recursive: true });
  const refs: string[] = [];
  const staged: string[] = [];
  for (const r of resolved) {
    const usable = await input.store.verifyForUse(r.ref as string, { sandbox: true });
    const file = path.join(tarballs, `${refs.length}-${path.basename(usable.path)}`);
    fs.copyFileSync(usable.file, file);
    refs.push(usable.ref);
    staged.push(file);
  }
  stageSource(input, source);
  mark('verify', t);
  await step('verified');
  t = Date.now();
  let built;
  try {
    await populateNpmCache(cache, staged, run);
    built = await buildRelease(paths, { source, npmCache: cache, audit: input.audit, ...run });
  } catch (err) {
    reconcileRelease(paths); // removes the incomplete release; the service never left the old one
    const code = (err as { code?: string }).code;
    const install = code === 'NODE_RELEASE_INSTALL_FAILED' || code === 'NODE_RELEASE_REQUIRE_AUDIT_FAILED';
    return failedBeforeFlip(err, currentReleaseName(paths), install ? refs : [], specs, timings);
  }
  mark('build', t);
  await step('built');
  return flipAndRestart({
    built: built.name,
    env: {
      flip: () => flipRelease(paths, built.name),
      markRestarted: () => markReleaseRestarted(paths),
      rollback: () => rollbackRelease(paths).release,
    },
    driver: input.driver,
    refs,
    specs,
    timings,
    step,
  });
}
