import { generateLoad, type LoadStats } from '../../../lib/load';
import type { VerifyOptions } from '../../api';
import type { ProcessDriver } from '../services/process-driver';
import type { RouterCompareCounts, RouterControl } from './router-control';

export type LoadSettings = Required<VerifyOptions>;

export interface LoadComparison {
  baseline: LoadStats;
  candidate: LoadStats;
}

export interface ChaosResult {
  kind: 'restart';
  /** Healthy again within its health timeout, and every request after that answered. */
  ok: boolean;
  /** From the stop being issued to the first healthy answer of the new process. */
  recovery_ms: number | null;
  requests: number;
  failed: number;
  /** Only when not ok: why (the driver's error code and message). */
  error?: { code: string; message: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const loadOn = (url: string, s: LoadSettings, requests = s.requests) =>
  generateLoad({ url, requests, concurrency: s.concurrency, paths: s.paths, method: 'GET' });

/**
 * The same generated load against blue's and green's slots directly (loopback, not through the
 * router, so live traffic is not part of it). One after the other, blue first, not at once: on a
 * small host two loads at the same time compete for the same cores and each side's latency would
 * include the other's load. Not interleaved in rounds either: a LoadStats' percentiles come from
 * one run, and each run is short (hundreds of ms at the defaults), so drift between them is small.
 */
export async function compareLoad(
  blueUrl: string,
  greenUrl: string,
  s: LoadSettings,
): Promise<LoadComparison> {
  const baseline = await loadOn(blueUrl, s);
  const candidate = await loadOn(greenUrl, s);
  return { baseline, candidate };
}

/**
 * Restarts green through its driver while a load runs against its slot: small batches (one request
 * per worker, 10 ms apart, so refused connections during the restart do not spin) until the new
 * process is healthy (`start()` waits for it within the health timeout), then one more batch of
 * `concurrency × 4` requests that must all answer.
 */
export async function restartProbe(
  driver: ProcessDriver,
  greenUrl: string,
  s: LoadSettings,
): Promise<ChaosResult> {
  let requests = 0;
  let failed = 0;
  const count = (r: LoadStats) => {
    requests += r.sent;
    failed += r.errors;
  };
  let running = true;
  const background = (async () => {
    while (running) {
      count(await loadOn(greenUrl, s, s.concurrency));
      await sleep(10);
    }
  })();
  let recovery: number | null = null;
  let error: ChaosResult['error'];
  try {
    await sleep(50); // the load is flowing before the stop
    const t = Date.now();
    await driver.stop();
    await driver.start();
    recovery = Date.now() - t;
  } catch (err) {
    const e = err as { code?: string; message: string };
    error = { code: e.code ?? 'ERROR', message: e.message };
  } finally {
    running = false;
    await background;
  }
  if (recovery === null) {
    return { kind: 'restart', ok: false, recovery_ms: null, requests, failed, ...(error ? { error } : {}) };
  }
  const after = await loadOn(greenUrl, s, s.concurrency * 4);
  count(after);
  const ok = after.errors === 0;
  return {
    kind: 'restart',
    ok,
    recovery_ms: recovery,
    requests,
    failed,
    ...(ok
      ? {}
      : {
          error: {
            code: 'CHAOS_NOT_SERVING',
            message: `${after.errors} of ${after.sent} requests failed after the restart`,
          },
        }),
  };
}

/** The fault the router probe injects on green: slow enough to see, half its answers refused. */
export const ROUTER_FAULT = { latency_ms: 400, error_rate: 0.5 } as const;

/** What the router's shadow comparison counted in one phase of the fault probe. */
export interface ComparePhase {
  samples: number;
  green_errors: number;
  status_mismatches: number;
  body_mismatches: number;
  green_p95_ms: number | null;
}

export interface RouterFaultResult {
  kind: 'router-fault';
  fault: { latency_ms: number; error_rate: number };
  /** The generated load through the router's public port (served by blue) while green was faulted. */
  live: { sent: number; errors: number; p95_ms: number | null };
  /** The router's comparison of the mirrored requests while the fault was on, then after it was cleared. */
  during: ComparePhase;
  after: ComparePhase;
  /** Only when the probe could not run to the end. */
  error?: { code: string; message: string };
}

const phaseOf = (c: RouterCompareCounts): ComparePhase => ({
  samples: c.samples,
  green_errors: c.green_errors,
  status_mismatches: c.status_mismatches,
  body_mismatches: c.body_mismatches,
  green_p95_ms: c.latency.green.p95_ms,
});

/**
 * The comparison once the probe's own mirrors are judged: when nothing is in flight, or at the
 * latest `maxMs` after the load ended (live traffic keeps mirrors in flight all the time; each of
 * the probe's took at most the injected latency plus green's answer).
 */
async function settledCompare(router: RouterControl, maxMs: number): Promise<RouterCompareCounts> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const c = await router.compare();
    if (c.in_flight === 0 || Date.now() >= deadline) return c;
    await sleep(25);
  }
}

const EMPTY_PHASE: ComparePhase = {
  samples: 0,
  green_errors: 0,
  status_mismatches: 0,
  body_mismatches: 0,
  green_p95_ms: null,
};

/**
 * Chaos through the traffic router while green is in quarantine: latency and refusals are injected
 * on green (router-side, in memory), every safe request is mirrored, and a generated load goes
 * through the router's public port. Measured: what live clients got (answered by blue: green's
 * fault must not reach them, in errors or latency), what the shadow comparison saw while the fault
 * was on (it must notice), and after the fault is cleared (green must answer every mirrored request
 * again). The mirroring sample is restored and the router's counters reset afterwards, so the
 * shadow window of the deployment starts clean. The runner measures; the control plane judges.
 */
export async function routerFaultProbe(
  router: RouterControl,
  s: LoadSettings,
  fault: { latency_ms: number; error_rate: number } = ROUTER_FAULT,
): Promise<RouterFaultResult> {
  const state = await router.state();
  const host = /^(0\.0\.0\.0|::|\[::\])$/.test(state.listen.host) ? '127.0.0.1' : state.listen.host;
  const entry = `http://${host.includes(':') ? `[${host}]` : host}:${state.listen.port}`;
  const requests = Math.max(20, s.concurrency * 10);
  const through = () =>
    generateLoad({ url: entry, requests, concurrency: s.concurrency, paths: s.paths, method: 'GET' });
  const settle = (latencyMs: number) => latencyMs + 250;
  const result: RouterFaultResult = {
    kind: 'router-fault',
    fault: { ...fault },
    live: { sent: 0, errors: 0, p95_ms: null },
    during: EMPTY_PHASE,
    after: EMPTY_PHASE,
  };
  try {
    await router.setShadow({ sample: 1 });
    await router.resetStats();
    await router.setFault({ upstream: 'green', ...fault });
    try {
      const live = await through();
      result.live = { sent: live.sent, errors: live.errors, p95_ms: live.p95_ms };
      result.during = phaseOf(await settledCompare(router, settle(fault.latency_ms)));
    } finally {
      await router.setFault({ upstream: 'green', latency_ms: 0, error_rate: 0 });
    }
    await router.resetStats();
    await through();
    result.after = phaseOf(await settledCompare(router, settle(0)));
  } catch (err) {
    const e = err as { code?: string; message: string };
    result.error = { code: e.code ?? 'ERROR', message: e.message };
  } finally {
    try {
      await router.setShadow({ sample: state.shadow.sample });
      await router.resetStats();
    } catch (err) {
      const e = err as { code?: string; message: string };
      result.error ??= { code: e.code ?? 'ERROR', message: `restoring the router: ${e.message}` };
    }
  }
  return result;
}
