import type { VerifyOptions } from '../../api';
import { ProcessDriver, type ProcessServiceSpec } from '../services/process-driver';
import { BlueGreenError } from './errors';
import { NO_TESTS, runIntegrationTests, type IntegrationTests, type TestsResult } from './integration-tests';
import {
  compareLoad,
  restartProbe,
  ROUTER_FAULT,
  routerFaultProbe,
  type ChaosResult,
  type LoadComparison,
  type LoadSettings,
  type RouterFaultResult,
} from './probes';
import type { RouterControl } from './router-control';

/** What `verify` measured (the runner never judges; the control plane's L2 checks do). */
export interface VerifyDetail {
  tests: TestsResult;
  load: LoadComparison;
  chaos: ChaosResult;
  /** Latency and refusals injected on green through the router (docs/runners.md § verify). */
  fault: RouterFaultResult;
}

export interface VerifyTarget {
  /** The live slot (blue) and the candidate (green), as the router reaches them. */
  blueUrl: string;
  greenUrl: string;
  /** Green as its slot runs it (`envDir` = the candidate's environment). */
  green: ProcessServiceSpec;
  tests?: IntegrationTests;
  /** Where the sandbox's scratch directories go. */
  scratchDir: string;
  /** Mirroring to green off while it restarts (its refusals are not the shadow comparison's), then back. */
  pauseMirroring(): Promise<unknown>;
  resumeMirroring(): Promise<unknown>;
  /** The service's traffic router (the fault probe injects on green and reads the comparison). */
  router: RouterControl;
}

export const VERIFY_DEFAULTS: LoadSettings = {
  requests: 200,
  concurrency: 4,
  paths: ['/health'],
  fault: { ...ROUTER_FAULT },
};

const intIn = (v: unknown, lo: number, hi: number) =>
  Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;

/** The options with their defaults; DEPLOY_OPTIONS_INVALID naming the field (the schema's bounds). */
export function verifySettings(o: VerifyOptions = {}): LoadSettings {
  const bad = (field: string, why: string) =>
    new BlueGreenError('DEPLOY_OPTIONS_INVALID', `verify.${field}: ${why}`, { details: { field } });
  if (o.requests !== undefined && !intIn(o.requests, 1, 5000)) throw bad('requests', 'an integer in 1..5000');
  if (o.concurrency !== undefined && !intIn(o.concurrency, 1, 32))
    throw bad('concurrency', 'an integer in 1..32');
  if (o.paths !== undefined) {
    if (!Array.isArray(o.paths) || o.paths.length === 0 || o.paths.length > 16)
      throw bad('paths', '1..16 paths');
    const p = o.paths.find((x) => typeof x !== 'string' || !/^\/(?!\/)[\x21-\x7e]{0,511}$/.test(x));
    if (p !== undefined) throw bad('paths', `${JSON.stringify(p)} is not a path starting with a single /`);
  }
  if (o.fault !== undefined) {
    const f = o.fault as Partial<Record<string, unknown>> | null;
    if (typeof f !== 'object' || f === null || Array.isArray(f)) throw bad('fault', 'an object');
    if (!intIn(f.latency_ms, 100, 10000)) throw bad('fault.latency_ms', 'an integer in 100..10000');
    const rate = f.error_rate;
    if (typeof rate !== 'number' || !(rate >= 0.05 && rate <= 1))
      throw bad('fault.error_rate', 'a number in 0.05..1');
  }
  return { ...VERIFY_DEFAULTS, ...o };
}

/**
 * Measures a staged candidate with production untouched (blue keeps all live traffic): the
 * service's integration tests in the sandbox against green's environment, the same load on blue's
 * and green's slots, a restart of green under load, and latency and refusals injected on green
 * through the router under load.
 */
export async function verifyCandidate(target: VerifyTarget, settings: LoadSettings): Promise<VerifyDetail> {
  const tests = target.tests
    ? await runIntegrationTests(target.green, target.tests, target.scratchDir)
    : NO_TESTS;
  const load = await compareLoad(target.blueUrl, target.greenUrl, settings);
  await target.pauseMirroring();
  let chaos: ChaosResult;
  try {
    chaos = await restartProbe(new ProcessDriver(target.green), target.greenUrl, settings);
  } finally {
    await target.resumeMirroring();
  }
  const fault = await routerFaultProbe(target.router, settings, settings.fault);
  return { tests, load, chaos, fault };
}
