import { ServiceDriverError } from './driver-errors';

export interface HealthProbe {
  /** The service, for messages. */
  name: string;
  url: string;
  /** Default 15 s, as the process driver. */
  timeoutMs?: number;
  /** Asked after every failed probe: false ends the wait at once (the service exited during start). */
  stillRunning: () => Promise<boolean>;
  /** Where to look when it exited (a log file, `journalctl -u <unit>`). */
  logHint: string;
  sleep?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls the health URL until it answers 2xx and resolves with the answer (JSON when it parses).
 * Same semantics and codes as ProcessDriver.waitHealthy: SERVICE_UNHEALTHY at the deadline with the
 * last answer, or at once when the service is no longer running.
 */
export async function probeHealth(probe: HealthProbe): Promise<unknown> {
  const deadline = Date.now() + (probe.timeoutMs ?? 15000);
  const wait = probe.sleep ?? sleep;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(probe.url, { signal: AbortSignal.timeout(1000) });
      const text = await res.text();
      if (res.ok) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return text;
        }
      }
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    let running: boolean;
    try {
      running = await probe.stillRunning();
    } catch (err) {
      throw new ServiceDriverError(
        'SERVICE_UNHEALTHY',
        `${probe.name}: cannot tell whether it runs (${last})`,
        {
          cause: err,
          details: { url: probe.url, last, reason: 'state-unknown' },
        },
      );
    }
    if (!running) {
      throw new ServiceDriverError(
        'SERVICE_UNHEALTHY',
        `${probe.name}: exited during start (${last}); see ${probe.logHint}`,
        { details: { url: probe.url, last, reason: 'exited-during-start' } },
      );
    }
    await wait(100);
  }
  throw new ServiceDriverError('SERVICE_UNHEALTHY', `${probe.name}: ${probe.url} not healthy (${last})`, {
    details: { url: probe.url, last, reason: 'timeout' },
  });
}
