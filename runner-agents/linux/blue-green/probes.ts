import { generateLoad, type LoadStats } from '../../../lib/load';
import type { VerifyOptions } from '../../api';
import type { ProcessDriver } from '../services/process-driver';

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
