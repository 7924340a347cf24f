import fs from 'node:fs';
import path from 'node:path';
import { parseRequirementsLock } from '../../lib/artifacts/lockfiles';
import { resolveLocked } from '../../lib/artifacts/resolve';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import type { SandboxSpec } from '../api';
import type { ExecResult } from './exec';
import {
  buildEnvironment,
  currentVenvName,
  flipTo,
  markRestarted,
  pythonEnvPaths,
  reconcile,
  rollback,
  type BuildCommandRunner,
} from './python-env';
import { runSandboxed } from './sandbox';
import type { ProcessDriver } from './services/process-driver';

/** Points of an update where a hook runs (progress display; the fault tests kill the runner there). */
export type UpdateStep = 'verified' | 'built' | 'flipped' | 'stopped' | 'healthy';

export interface PythonUpdateInput {
  /** The service's Python environment root (venvs/, venv_current). */
  envRoot: string;
  /** Hash-pinned requirements lock. */
  lockfile: string;
  store: ArtifactStore;
  driver: ProcessDriver;
  /** Modules that must import in the new environment. */
  audit: string[];
  /** Scratch directory for the staged wheels (emptied first). */
  stagingDir: string;
  /** Build inside bubblewrap (network off, only the new environment writable). Default true. */
  sandbox?: boolean;
  onStep?: (step: UpdateStep) => void | Promise<void>;
}

export interface PythonUpdateResult {
  status: 'applied' | 'rolled_back' | 'deferred' | 'failed';
  /** The environment serving at the end. */
  current?: string;
  previous?: string | null;
  /** Artifacts whose install failed: the control plane marks them bad. */
  badArtifacts: string[];
  deferred?: { name: string; version: string; reason: string }[];
  sandboxSpecs: SandboxSpec[];
  error?: { code: string; message: string };
  timingsMs: Record<string, number>;
}

function sandboxedRunner(specs: SandboxSpec[]): BuildCommandRunner {
  return async (argv, writable, readable): Promise<ExecResult> => {
    const r = await runSandboxed(argv, { writable, readable, timeoutMs: 15 * 60 * 1000 });
    specs.push(r.spec);
    return {
      exitCode: r.exitCode,
      signal: r.signal as NodeJS.Signals | null,
      stdout: r.stdout,
      stderr: r.stderr,
      durationMs: r.durationMs,
    };
  };
}

/**
 * Offline Python dependency update of one service: resolve the lock against the store (missing →
 * deferred, "promote from local mirror first"), verify every artifact before use (a signature
 * mismatch throws: hard stop), stage the verified wheels, build the new environment beside the old
 * one (in the sandbox), flip venv_current atomically, restart and probe health; an unhealthy
 * restart rolls back in one rename and restarts on the old environment.
 */
export async function updatePythonEnvironment(input: PythonUpdateInput): Promise<PythonUpdateResult> {
  const timings: Record<string, number> = {};
  const mark = (name: string, since: number) => (timings[name] = Date.now() - since);
  const step = async (s: UpdateStep) => input.onStep?.(s);
  const paths = pythonEnvPaths(input.envRoot);
  const specs: SandboxSpec[] = [];
  let t = Date.now();
  const locked = parseRequirementsLock(fs.readFileSync(input.lockfile, 'utf8'), input.lockfile);
  const resolved = resolveLocked(input.store, 'requirements', locked);
  const deferred = resolved.filter((r) => r.deferred);
  if (deferred.length > 0) {
    return {
      status: 'deferred',
      badArtifacts: [],
      deferred: deferred.map((d) => ({ name: d.name, version: d.version, reason: d.deferred as string })),
      sandboxSpecs: specs,
      timingsMs: timings,
    };
  }
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
  await step('verified');
  t = Date.now();
  let built;
  try {
    built = await buildEnvironment(paths, {
      lockfile: input.lockfile,
      findLinks: input.stagingDir,
      audit: input.audit,
      ...(input.sandbox === false ? {} : { run: sandboxedRunner(specs) }),
    });
  } catch (err) {
    reconcile(paths); // removes the incomplete environment; the service never left the old one
    const e = err as { code?: string; message: string };
    return {
      status: 'failed',
      current: currentVenvName(paths),
      badArtifacts: e.code === 'PYENV_INSTALL_FAILED' || e.code === 'PYENV_IMPORT_AUDIT_FAILED' ? refs : [],
      sandboxSpecs: specs,
      error: { code: e.code ?? 'ERROR', message: e.message },
      timingsMs: timings,
    };
  }
  mark('build', t);
  await step('built');
  t = Date.now();
  const flipped = flipTo(paths, built.name);
  mark('flip', t);
  await step('flipped');
  t = Date.now();
  try {
    await input.driver.stop();
    await step('stopped');
    await input.driver.start();
    markRestarted(paths);
    mark('restart', t);
    await step('healthy');
    return {
      status: 'applied',
      current: built.name,
      previous: flipped.previous,
      badArtifacts: [],
      sandboxSpecs: specs,
      timingsMs: timings,
    };
  } catch (err) {
    const back = rollback(paths);
    await input.driver.restart();
    markRestarted(paths);
    mark('rollback', t);
    const e = err as { code?: string; message: string };
    return {
      status: 'rolled_back',
      current: back.venv,
      previous: built.name,
      badArtifacts: refs,
      sandboxSpecs: specs,
      error: { code: e.code ?? 'ERROR', message: e.message },
      timingsMs: timings,
    };
  }
}

/**
 * After a runner restart: finishes or undoes whatever an interrupted update left. An unflipped
 * environment is removed (the service stays on the old one); a flipped one whose restart was not
 * confirmed is restarted now, and rolled back (one rename + restart) when it is not healthy.
 */
export async function reconcilePythonService(
  envRoot: string,
  driver: ProcessDriver,
): Promise<{ action: string; current: string | undefined }> {
  const paths = pythonEnvPaths(envRoot);
  const r = reconcile(paths);
  if (r.action !== 'restart-needed') {
    if (!driver.status().running && r.current) await driver.start();
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
