import type { Resolution } from '../../lib/artifacts/resolve';
import type { SandboxSpec } from '../api';
import type { ServiceDriver } from './services/driver';

/** Points of an update where a hook runs (progress display; the fault tests kill the runner there). */
export type UpdateStep = 'verified' | 'built' | 'flipped' | 'stopped' | 'healthy';

/** What a dependency update (Python environment or Node release) ended in. */
export interface UpdateResult {
  status: 'applied' | 'rolled_back' | 'deferred' | 'failed';
  /** The environment / release serving at the end. */
  current?: string;
  previous?: string | null;
  /** Artifacts whose install failed: the control plane marks them bad. */
  badArtifacts: string[];
  deferred?: { name: string; version: string; reason: string }[];
  sandboxSpecs: SandboxSpec[];
  error?: { code: string; message: string };
  timingsMs: Record<string, number>;
}

/** The versioned-directory operations one kind of environment offers (python-env, node-release). */
export interface EnvironmentSwitch {
  /** Points `current` at the built one (atomic rename); returns what it pointed at before. */
  flip(): { previous: string | null };
  /** Records that the service restarted healthy on `current`. */
  markRestarted(): void;
  /** One rename back to the previous one; returns its name. */
  rollback(): string;
}

export interface SwitchInput {
  built: string;
  env: EnvironmentSwitch;
  driver: ServiceDriver;
  /** Artifacts that went into `built` (reported bad when the restart is unhealthy). */
  refs: string[];
  specs: SandboxSpec[];
  timings: Record<string, number>;
  step: (s: UpdateStep) => Promise<void>;
}

/**
 * The tail every update shares: flip, stop, start (health probed by the driver), mark restarted;
 * an unhealthy start rolls back in one rename, restarts on the old environment and reports the
 * artifacts of the new one as bad.
 */
export async function flipAndRestart(input: SwitchInput): Promise<UpdateResult> {
  const { timings, specs } = input;
  let t = Date.now();
  const flipped = input.env.flip();
  timings.flip = Date.now() - t;
  await input.step('flipped');
  t = Date.now();
  try {
    await input.driver.stop();
    await input.step('stopped');
    await input.driver.start();
    input.env.markRestarted();
    timings.restart = Date.now() - t;
    await input.step('healthy');
    return {
      status: 'applied',
      current: input.built,
      previous: flipped.previous,
      badArtifacts: [],
      sandboxSpecs: specs,
      timingsMs: timings,
    };
  } catch (err) {
    const back = input.env.rollback();
    await input.driver.restart();
    input.env.markRestarted();
    timings.rollback = Date.now() - t;
    const e = err as { code?: string; message: string };
    return {
      status: 'rolled_back',
      current: back,
      previous: input.built,
      badArtifacts: input.refs,
      sandboxSpecs: specs,
      error: { code: e.code ?? 'ERROR', message: e.message },
      timingsMs: timings,
    };
  }
}

/** The result of an update that stopped before anything changed (a build or install failure). */
export function failedBeforeFlip(
  err: unknown,
  current: string | undefined,
  badArtifacts: string[],
  specs: SandboxSpec[],
  timings: Record<string, number>,
): UpdateResult {
  const e = err as { code?: string; message: string };
  return {
    status: 'failed',
    ...(current ? { current } : {}),
    badArtifacts,
    sandboxSpecs: specs,
    error: { code: e.code ?? 'ERROR', message: e.message },
    timingsMs: timings,
  };
}

/** Some locked package is missing (or bad) in the store: nothing changes, the advice says what to promote. */
export function deferredUpdate(resolved: Resolution[], timings: Record<string, number>): UpdateResult {
  return {
    status: 'deferred',
    badArtifacts: [],
    deferred: resolved
      .filter((r) => r.deferred)
      .map((d) => ({ name: d.name, version: d.version, reason: d.deferred as string })),
    sandboxSpecs: [],
    timingsMs: timings,
  };
}
