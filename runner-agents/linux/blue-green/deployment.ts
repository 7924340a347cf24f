import fs from 'node:fs';
import path from 'node:path';
import type { ArtifactStore } from '../../../lib/artifacts/store/store';
import { currentVenvName, flipTo, markRestarted, pythonEnvPaths } from '../python-env';
import { preparePythonEnvironment } from '../python-update';
import { ProcessDriver, type ProcessServiceSpec } from '../services/process-driver';
import type { UpdateResult } from '../update-switch';
import type { VerifyOptions } from '../../api';
import { BlueGreenError } from './errors';
import type { IntegrationTests } from './integration-tests';
import type { RouterControl, ShadowSettings } from './router-control';
import { otherSlot, readState, writeState, type BlueGreenState, type Slot } from './state';
import { verifyCandidate, verifySettings, type VerifyDetail } from './verify';

/** How long promote waits for green's health URL to answer 2xx before refusing. */
export const PROMOTE_HEALTH_TIMEOUT_MS = 3000;

export interface BlueGreenOptions {
  name: string;
  /** The service's Python environment root (venvs/, venv_current). */
  envRoot: string;
  audit: string[];
  store: ArtifactStore;
  /** Where the blue/green state file lives. */
  stateDir: string;
  stagingDir: string;
  router: RouterControl;
  /** The service as one slot runs it: its own port, `{venv}` = `envDir`. */
  slotSpec(slot: Slot, envDir: string): ProcessServiceSpec;
  /** What the router forwards to for a slot (http://127.0.0.1:<port>). */
  slotUrl(slot: Slot): string;
  /** Mirroring while a candidate is staged (default: 100% of safe-to-repeat requests). */
  shadow?: ShadowSettings;
  /** Integration tests `verify` runs in the sandbox against the candidate. */
  tests?: IntegrationTests;
  /** Scratch space of `verify`'s sandbox (default `<stagingDir>-verify`). */
  verifyDir?: string;
}

export type StageResult =
  | {
      status: 'staged';
      slot: Slot;
      env: string;
      url: string;
      refs: string[];
      timingsMs: Record<string, number>;
    }
  | UpdateResult;

/**
 * Blue/green for one Python service behind its traffic router. The live slot (blue) keeps serving
 * while a candidate (green) is built offline into a new environment and started beside it on its
 * own port; the router mirrors safe requests to green for comparison; promotion switches traffic
 * atomically and points venv_current at green's environment; blue stays warm until commit, so a
 * rollback is one router switch plus one rename. Every step is written to the state file first,
 * so a restarted runner can finish or undo it (reconcile()).
 */
export class BlueGreenDeployment {
  constructor(private readonly opts: BlueGreenOptions) {}

  private get stateFile(): string {
    return path.join(this.opts.stateDir, `${this.opts.name}.bluegreen.json`);
  }

  private get paths() {
    return pythonEnvPaths(this.opts.envRoot);
  }

  state(): BlueGreenState {
    return readState(this.stateFile);
  }

  private driver(slot: Slot, envDir?: string): ProcessDriver {
    return new ProcessDriver(this.opts.slotSpec(slot, envDir ?? this.paths.current));
  }

  /** The live slot runs on venv_current and the router sends all traffic to it. */
  async ensureLive(): Promise<BlueGreenState> {
    const s = this.state();
    await this.driver(s.live, this.paths.current).start();
    await this.opts.router.setUpstreams({ blue: this.opts.slotUrl(s.live) });
    if (!s.promoted) await this.opts.router.setActive('blue');
    return writeState(this.stateFile, s);
  }

  /** Builds the candidate environment from a lockfile and starts it beside the live slot (no traffic yet). */
  async stage(lockfile: string): Promise<StageResult> {
    const s = await this.ensureLive();
    if (s.candidate) {
      throw new BlueGreenError(
        'BLUEGREEN_CANDIDATE_EXISTS',
        `${this.opts.name}: a candidate is staged already`,
      );
    }
    const prepared = await preparePythonEnvironment({
      envRoot: this.opts.envRoot,
      lockfile,
      store: this.opts.store,
      audit: this.opts.audit,
      stagingDir: this.opts.stagingDir,
    });
    if (!prepared.ok) return prepared.result;
    const slot = otherSlot(s.live);
    writeState(this.stateFile, {
      ...s,
      candidate: { slot, env: prepared.name, staged_at: new Date().toISOString(), refs: prepared.refs },
    });
    const t = Date.now();
    try {
      await this.driver(slot, prepared.dir).start();
    } catch (err) {
      await this.abort();
      const e = err as { code?: string; message: string };
      return {
        status: 'failed',
        current: currentVenvName(this.paths),
        badArtifacts: prepared.refs,
        sandboxSpecs: prepared.specs,
        error: { code: e.code ?? 'ERROR', message: e.message },
        timingsMs: prepared.timings,
      };
    }
    prepared.timings.start = Date.now() - t;
    await this.opts.router.setUpstreams({ green: this.opts.slotUrl(slot) });
    await this.opts.router.setShadow(this.opts.shadow ?? { sample: 1 });
    await this.opts.router.resetStats();
    return {
      status: 'staged',
      slot,
      env: prepared.name,
      url: this.opts.slotUrl(slot),
      refs: prepared.refs,
      timingsMs: prepared.timings,
    };
  }

  /**
   * Measures the staged candidate, production untouched: integration tests in the sandbox, the same
   * load on blue and green, a restart of green under load, faults injected on green through the
   * router (docs/runners.md § Blue/green).
   */
  async verify(options?: VerifyOptions): Promise<VerifyDetail> {
    const settings = verifySettings(options);
    const s = this.state();
    if (!s.candidate || s.promoted) {
      throw new BlueGreenError(
        'DEPLOY_NOT_STAGED',
        `${this.opts.name}: ${s.promoted ? 'the candidate is promoted (live)' : 'nothing staged'} to verify`,
      );
    }
    let sample = 0;
    return verifyCandidate(
      {
        blueUrl: this.opts.slotUrl(s.live),
        greenUrl: this.opts.slotUrl(s.candidate.slot),
        green: this.opts.slotSpec(s.candidate.slot, this.paths.venv(s.candidate.env)),
        ...(this.opts.tests ? { tests: this.opts.tests } : {}),
        scratchDir: this.opts.verifyDir ?? `${this.opts.stagingDir}-verify`,
        pauseMirroring: async () => {
          sample = (await this.opts.router.state()).shadow.sample;
          await this.opts.router.setShadow({ sample: 0 });
        },
        resumeMirroring: () => this.opts.router.setShadow({ sample }),
        router: this.opts.router,
      },
      settings,
    );
  }

  /**
   * Traffic to green (atomic in the router), then venv_current → green's environment. Green is
   * checked first (its process runs and its health URL answers 2xx): a green that crashed or hung
   * after the shadow window is refused (BLUEGREEN_CANDIDATE_DOWN / _UNHEALTHY) with traffic still
   * on blue and nothing recorded as promoted, so the caller's abort leaves blue serving 100%.
   */
  async promote(): Promise<BlueGreenState> {
    const s = this.state();
    if (!s.candidate) throw new BlueGreenError('BLUEGREEN_NO_CANDIDATE', `${this.opts.name}: nothing staged`);
    if (s.promoted) return this.finishPromotion(s);
    await this.checkCandidate(s.candidate);
    const next = writeState(this.stateFile, {
      ...s,
      promoted: { at: new Date().toISOString(), previous_env: currentVenvName(this.paths) ?? null },
    });
    return this.finishPromotion(next);
  }

  private async checkCandidate(candidate: NonNullable<BlueGreenState['candidate']>): Promise<void> {
    const spec = this.opts.slotSpec(candidate.slot, this.paths.venv(candidate.env));
    const green = new ProcessDriver({ ...spec, healthTimeoutMs: PROMOTE_HEALTH_TIMEOUT_MS });
    const where = `${this.opts.name}: green (slot ${candidate.slot})`;
    if (!green.status().running) {
      throw new BlueGreenError(
        'BLUEGREEN_CANDIDATE_DOWN',
        `${where} is not running at promotion; traffic stays on blue (log: ${spec.stateDir}/${spec.name}.log)`,
      );
    }
    try {
      await green.waitHealthy();
    } catch (err) {
      throw new BlueGreenError(
        'BLUEGREEN_CANDIDATE_UNHEALTHY',
        `${where} is not healthy at promotion (${(err as Error).message}); traffic stays on blue`,
        { cause: err },
      );
    }
  }

  private async finishPromotion(s: BlueGreenState): Promise<BlueGreenState> {
    const candidate = s.candidate as NonNullable<BlueGreenState['candidate']>;
    await this.opts.router.setShadow({ sample: 0 });
    await this.opts.router.setActive('green');
    if (currentVenvName(this.paths) !== candidate.env) flipTo(this.paths, candidate.env);
    markRestarted(this.paths);
    return s;
  }

  /** After the watch window: green becomes the live slot, the old blue stops. */
  async commit(): Promise<BlueGreenState> {
    const s = this.state();
    if (!s.candidate || !s.promoted) {
      throw new BlueGreenError('BLUEGREEN_NOT_PROMOTED', `${this.opts.name}: nothing promoted to commit`);
    }
    const slot = s.candidate.slot;
    // blue takes green's address, traffic moves to blue (same process), then green is cleared
    await this.opts.router.setUpstreams({ blue: this.opts.slotUrl(slot) });
    await this.opts.router.setActive('blue');
    await this.opts.router.setUpstreams({ green: null });
    await this.driver(s.live).stop();
    return writeState(this.stateFile, { live: slot, candidate: null, promoted: null });
  }

  /**
   * Back to blue: traffic first (blue is still warm), then venv_current back to the previous
   * environment, then the candidate stops. Before promotion this is an abort.
   */
  async rollback(): Promise<{ state: BlueGreenState; trafficBackMs: number }> {
    const t = Date.now();
    const s = this.state();
    if (s.promoted) {
      await this.opts.router.setActive('blue');
      const trafficBackMs = Date.now() - t;
      const previous = s.promoted.previous_env;
      if (previous && currentVenvName(this.paths) !== previous) flipTo(this.paths, previous, 'rolled_back');
      markRestarted(this.paths);
      writeState(this.stateFile, { ...s, promoted: null });
      return { state: await this.abort(), trafficBackMs };
    }
    return { state: await this.abort(), trafficBackMs: 0 };
  }

  /** Drops the candidate: no mirroring, all traffic on blue, green stopped and its environment removed. */
  async abort(): Promise<BlueGreenState> {
    const s = this.state();
    if (s.promoted) {
      throw new BlueGreenError(
        'BLUEGREEN_ALREADY_PROMOTED',
        `${this.opts.name}: promoted; roll back instead`,
      );
    }
    await this.opts.router.abort();
    if (s.candidate) {
      await this.driver(s.candidate.slot).stop();
      if (currentVenvName(this.paths) !== s.candidate.env) {
        fs.rmSync(this.paths.venv(s.candidate.env), { recursive: true, force: true });
      }
    }
    return writeState(this.stateFile, { ...s, candidate: null });
  }

  /** After a runner restart: a promotion in flight is finished; otherwise the live slot is made to serve. */
  async reconcile(): Promise<BlueGreenState> {
    const s = this.state();
    if (s.promoted) return this.finishPromotion(s);
    return this.ensureLive();
  }
}
