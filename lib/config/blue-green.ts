import type { HaleConfigV1 } from '../../schemas/types.generated';
import type { ConfigProblem } from './errors';
import type { BlueGreenConfig } from './types';
import { problemAt, type Where } from './validate';

type RawService = NonNullable<HaleConfigV1['services']>[number];

/** `services[].blue_green` once Ajv (useDefaults) has filled in the schema's defaults. */
export interface DefaultedBlueGreen {
  port: number;
  slots: number[];
  health_path: string;
  shadow: {
    sample: number;
    methods: string[];
    paths: string[];
    ignore_fields: string[];
    window_ms: number;
    min_samples: number;
    max_p95_ratio: number;
    max_mismatch_rate: number;
    max_error_rate: number;
  };
  watch: { window_ms: number; poll_ms: number; min_samples: number };
  approval_timeout_ms?: number;
  armed_window_ms: number;
  router_fault: { latency_ms: number; error_rate: number };
  tests?: { command: string[]; timeout_ms: number; port: number };
  perf_budget: {
    max_p95_ratio: number;
    p95_slack_ms: number;
    max_error_rate_increase: number;
    min_samples: number;
    paths?: string[];
    requests: number;
    concurrency: number;
  };
}

/**
 * What the schema cannot say about `blue_green`: only a Python service has one (the deployment
 * builds virtual environments), and its three ports are distinct.
 */
export function checkBlueGreen(services: readonly RawService[], where: Where): ConfigProblem | undefined {
  for (const [i, s] of services.entries()) {
    const bg = s.blue_green;
    if (!bg) continue;
    const at = ['services', String(i), 'blue_green'];
    if (s.kind !== 'python') {
      return problemAt(where, at, `is allowed only for kind python, not ${JSON.stringify(s.kind)}`, 'kind');
    }
    const [a, b] = bg.slots;
    if (a === b) return problemAt(where, [...at, 'slots', '1'], `must differ from slot a (${a})`, 'unique');
    const clash = bg.slots.findIndex((p) => p === bg.port);
    if (clash >= 0) {
      return problemAt(
        where,
        [...at, 'slots', String(clash)],
        `must differ from blue_green.port (${bg.port}): the router listens there`,
        'unique',
      );
    }
  }
  return undefined;
}

/** snake_case → camelCase; the gate is the traffic router's ShadowGate. */
export function normalizeBlueGreen(raw: DefaultedBlueGreen): BlueGreenConfig {
  const { shadow, watch } = raw;
  return {
    port: raw.port,
    slots: { a: raw.slots[0] as number, b: raw.slots[1] as number },
    healthPath: raw.health_path,
    shadow: {
      sample: shadow.sample,
      methods: [...shadow.methods],
      paths: [...shadow.paths],
      ignoreFields: [...shadow.ignore_fields],
      windowMs: shadow.window_ms,
      gate: {
        minSamples: shadow.min_samples,
        maxP95Ratio: shadow.max_p95_ratio,
        maxMismatchRate: shadow.max_mismatch_rate,
        maxErrorRate: shadow.max_error_rate,
      },
    },
    watch: { windowMs: watch.window_ms, pollMs: watch.poll_ms, minSamples: watch.min_samples },
    ...(raw.approval_timeout_ms === undefined ? {} : { approvalTimeoutMs: raw.approval_timeout_ms }),
    armedWindowMs: raw.armed_window_ms,
    perfBudget: {
      maxP95Ratio: raw.perf_budget.max_p95_ratio,
      p95SlackMs: raw.perf_budget.p95_slack_ms,
      maxErrorRateIncrease: raw.perf_budget.max_error_rate_increase,
      minSamples: raw.perf_budget.min_samples,
    },
    routerFault: { latencyMs: raw.router_fault.latency_ms, errorRate: raw.router_fault.error_rate },
    verifyLoad: {
      requests: raw.perf_budget.requests,
      concurrency: raw.perf_budget.concurrency,
      paths: [...(raw.perf_budget.paths ?? [raw.health_path])],
    },
    ...(raw.tests
      ? { tests: { command: [...raw.tests.command], timeoutMs: raw.tests.timeout_ms, port: raw.tests.port } }
      : {}),
  };
}
