import fs from 'node:fs';
import path from 'node:path';
import { parseRequirementsLock } from '../../lib/artifacts/lockfiles';
import { resolveLocked } from '../../lib/artifacts/resolve';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import type { SandboxSpec } from '../api';
import {
  buildEnvironment,
  currentVenvName,
  flipTo,
  markRestarted,
  pythonEnvPaths,
  reconcile,
  rollback,
} from './python-env';
import { sandboxedRunner } from './sandboxed-runner';
import type { ServiceDriver } from './services/driver';
import {
  deferredUpdate,
  failedBeforeFlip,
  flipAndRestart,
  type UpdateResult,
  type UpdateStep,
} from './update-switch';

export type { UpdateResult, UpdateStep } from './update-switch';

export interface PythonUpdateInput {
  /** The service's Python environment root (venvs/, venv_current). */
  envRoot: string;
  /** Hash-pinned requirements lock. */
  lockfile: string;
  store: ArtifactStore;
  driver: ServiceDriver;
  /** Modules that must import in the new environment. */
  audit: string[];
  /** Scratch directory for the staged wheels (emptied first). */
  stagingDir: string;
  /** Build inside bubblewrap (network off, only the new environment writable). Default true. */
  sandbox?: boolean;
  onStep?: (step: UpdateStep) => void | Promise<void>;
}

export type PythonUpdateResult = UpdateResult;

/** A new environment built beside the current one (not in use yet), or why there is none. */
export type PreparedEnvironment =
  | {
      ok: true;
      name: string;
      dir: string;
      refs: string[];
      specs: SandboxSpec[];
      timings: Record<string, number>;
    }
  | { ok: false; result: UpdateResult };

/**
 * The first half of every Python change: resolve the lock against the store (missing → deferred,
 * "promote from local mirror first"), verify every artifact before use (a signature mismatch
 * throws: hard stop), stage the verified wheels and build the new environment beside the old one
 * (in the sandbox). Nothing the service uses changes; a failed build leaves no directory behind.
 */
export async function preparePythonEnvironment(
  input: Omit<PythonUpdateInput, 'driver'>,
): Promise<PreparedEnvironment> {
  const timings: Record<string, number> = {};
  const mark = (name: string, since: number) => (timings[name] = Date.now() - since);
  const paths = pythonEnvPaths(input.envRoot);
  const specs: SandboxSpec[] = [];
  let t = Date.now();
  const locked = parseRequirementsLock(fs.readFileSync(input.lockfile, 'utf8'), input.lockfile);
  const resolved = resolveLocked(input.store, 'requirements', locked);
  if (resolved.some((r) => r.deferred)) return { ok: false, result: deferredUpdate(resolved, timings) };
  fs.rmSync(input.stagingDir, { recursive: true, force: true });
  fs.mkdirSync(input.stagingDir, { recursive: true });
  const refs: string[] = [];
  for (const r of resolved) {
    const usable = await input.store.verifyForUse(r.ref as string, { sandbox: true });
    const fileName = usable.path.split('/').pop() as string;
    fs.copyFileSync(usable.file, path.join(input.stagingDir, fileName));
    refs.push(usable.ref);
  }
  mark('verify', t);
  await input.onStep?.('verified');
  t = Date.now();
  try {
    const built = await buildEnvironment(paths, {
      lockfile: input.lockfile,
      findLinks: input.stagingDir,
      audit: input.audit,
      ...(input.sandbox === false ? {} : { run: sandboxedRunner(specs) }),
    });
    mark('build', t);
    await input.onStep?.('built');
    return { ok: true, name: built.name, dir: built.dir, refs, specs, timings };
  } catch (err) {
    reconcile(paths); // removes the incomplete environment; the service never left the old one
    const code = (err as { code?: string }).code;
    const install = code === 'PYENV_INSTALL_FAILED' || code === 'PYENV_IMPORT_AUDIT_FAILED';
    return {
      ok: false,
      result: failedBeforeFlip(err, currentVenvName(paths), install ? refs : [], specs, timings),
    };
  }
}

/**
 * Offline Python dependency update of one service in place: prepare the new environment (above),
 * flip venv_current atomically, restart and probe health; an unhealthy restart rolls back in one
 * rename and restarts on the old environment.
 */
export async function updatePythonEnvironment(input: PythonUpdateInput): Promise<PythonUpdateResult> {
  const prepared = await preparePythonEnvironment(input);
  if (!prepared.ok) return prepared.result;
  const paths = pythonEnvPaths(input.envRoot);
  return flipAndRestart({
    built: prepared.name,
    env: {
      flip: () => flipTo(paths, prepared.name),
      markRestarted: () => markRestarted(paths),
      rollback: () => rollback(paths).venv,
    },
    driver: input.driver,
    refs: prepared.refs,
    specs: prepared.specs,
    timings: prepared.timings,
    step: async (s) => input.onStep?.(s),
  });
}

/**
 * After a runner restart: finishes or undoes whatever an interrupted update left. An unflipped
 * environment is removed (the service stays on the old one); a flipped one whose restart was not
 * confirmed is restarted now, and rolled back (one rename + restart) when it is not healthy.
 */
export async function reconcilePythonService(
  envRoot: string,
  driver: ServiceDriver,
): Promise<{ action: string; current: string | undefined }> {
  const paths = pythonEnvPaths(envRoot);
  const r = reconcile(paths);
  if (r.action !== 'restart-needed') {
    if (!(await driver.status()).running && r.current) await driver.start();
    return { action: r.action, current: r.current };
  }
  try {
    await driver.restart();
    markRestarted(paths);
    return { action: 'restarted-on-current', current: r.current };
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const back = rollback(paths);
    await driver.restart();
    markRestarted(paths);
    return { action: 'rolled-back', current: back.venv };
  }
}
