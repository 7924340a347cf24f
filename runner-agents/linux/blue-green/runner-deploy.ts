import path from 'node:path';
import type { ArtifactStore } from '../../../lib/artifacts/store/store';
import type { DeployOptions, DeployResult, DeployStep } from '../../api';
import type { ProcessServiceSpec } from '../services/process-driver';
import { RouterClient } from '../traffic-router';
import { BlueGreenDeployment } from './deployment';
import { BlueGreenError } from './errors';
import type { IntegrationTests } from './integration-tests';
import type { ShadowSettings } from './router-control';
import type { Slot } from './state';

/** A Python service the runner deploys blue/green behind its traffic router. */
export interface BlueGreenServiceConfig {
  /** The router's control socket (the router owns the service's public port). */
  routerSocket: string;
  /** The loopback ports of the two slots. */
  slots: Record<Slot, number>;
  /** Health path probed on a slot (default /health). */
  healthPath?: string;
  shadow?: ShadowSettings;
  /** Integration tests the `verify` step runs in the sandbox against the staged candidate. */
  tests?: IntegrationTests;
}

export interface RunnerDeployInput {
  name: string;
  envRoot: string;
  audit: string[];
  process: ProcessServiceSpec;
  blueGreen: BlueGreenServiceConfig;
  store: ArtifactStore;
  workDir: string;
}

/** The deployment of one service, built from the runner's configuration. */
export function blueGreenOf(input: RunnerDeployInput): {
  deployment: BlueGreenDeployment;
  router: RouterClient;
} {
  const router = new RouterClient(input.blueGreen.routerSocket);
  const url = (slot: Slot) => `http://127.0.0.1:${input.blueGreen.slots[slot]}`;
  const deployment = new BlueGreenDeployment({
    name: input.name,
    envRoot: input.envRoot,
    audit: input.audit,
    store: input.store,
    stateDir: input.process.stateDir,
    stagingDir: path.join(input.workDir, `staging-${input.name}`),
    router,
    slotUrl: url,
    slotSpec: (slot, envDir) => ({
      ...input.process,
      name: `${input.name}@${slot}`,
      env: { ...input.process.env, PORT: String(input.blueGreen.slots[slot]) },
      envDir,
      healthUrl: `${url(slot)}${input.blueGreen.healthPath ?? '/health'}`,
    }),
    ...(input.blueGreen.shadow ? { shadow: input.blueGreen.shadow } : {}),
    ...(input.blueGreen.tests ? { tests: input.blueGreen.tests } : {}),
    verifyDir: path.join(input.workDir, `verify-${input.name}`),
  });
  return { deployment, router };
}

/** verify: its measurements, or `failed` with the error when nothing is staged or the options are bad. */
async function verifyStep(
  service: string,
  deployment: BlueGreenDeployment,
  options: DeployOptions | undefined,
): Promise<DeployResult> {
  try {
    const detail = await deployment.verify(options?.verify);
    return { service, step: 'verify', status: 'done', detail: { ...detail } };
  } catch (err) {
    if (!(err instanceof BlueGreenError) || !err.code.startsWith('DEPLOY_')) throw err;
    return {
      service,
      step: 'verify',
      status: 'failed',
      detail: { error: { code: err.code, message: err.message } },
    };
  }
}

/**
 * Runs one blue/green step; `status` also returns the router's shadow comparison and traffic stats;
 * `verify` measures the staged candidate (`options.verify`: its load).
 */
export async function runDeployStep(
  service: string,
  bg: { deployment: BlueGreenDeployment; router: RouterClient },
  step: DeployStep,
  lockfile?: string,
  options?: DeployOptions,
): Promise<DeployResult> {
  const done = (detail: Record<string, unknown>): DeployResult => ({ service, step, status: 'done', detail });
  switch (step) {
    case 'stage': {
      if (!lockfile)
        return { service, step, status: 'failed', detail: { error: { code: 'DEPLOY_NO_LOCKFILE' } } };
      const r = await bg.deployment.stage(lockfile);
      if (r.status === 'staged') return { service, step, status: 'staged', detail: { ...r } };
      const status = r.status === 'deferred' ? 'deferred' : 'failed';
      return {
        service,
        step,
        status,
        detail: {
          bad_artifacts: r.badArtifacts,
          deferred: r.deferred ?? [],
          sandbox: r.sandboxSpecs,
          ...(r.error ? { error: r.error } : {}),
        },
      };
    }
    case 'promote':
      return done({ state: await bg.deployment.promote() });
    case 'commit':
      return done({ state: await bg.deployment.commit() });
    case 'rollback': {
      const r = await bg.deployment.rollback();
      return done({ state: r.state, traffic_back_ms: r.trafficBackMs });
    }
    case 'abort':
      return done({ state: await bg.deployment.abort() });
    case 'verify':
      return verifyStep(service, bg.deployment, options);
    case 'status':
      return done({
        state: bg.deployment.state(),
        compare: await bg.router.compare(),
        stats: await bg.router.stats(),
      });
  }
}
