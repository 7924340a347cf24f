import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { HaleConfig } from '../../lib/config';
import type { Db } from '../../lib/db';
import {
  workerInterceptorsAndSinks,
  workflowInterceptorModules,
  type HaleTracing,
} from '../../lib/telemetry';
import { createControlWorker, createRunnerWorkers, runWorkers, workflowsPath } from '../../workers';
import type { ControlWorkerOptions } from '../../workers/control';
import { silentLogger } from './logger';
import { uniqueId } from './temporal';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let tracedBundle: Promise<WorkflowBundleWithSourceMap> | undefined;
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/** One workflow bundle per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: quiet });
  return bundle;
}

/** The same with the OpenTelemetry workflow interceptors inside (a pre-built bundle ignores the worker's). */
export function tracedWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  tracedBundle ??= bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: [...workflowInterceptorModules],
    logger: quiet,
  });
  return tracedBundle;
}

/** Control worker on a unique queue + runner workers for a unique host, all in this process. */
export async function startPipelineWorkers(
  env: TestWorkflowEnvironment,
  db: Db,
  opts: { stageDelayMs?: number } = {},
) {
  const taskQueue = uniqueId('hale.control.test');
  const hostId = uniqueId('host');
  const control = await createControlWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    db,
    log: silentLogger,
    taskQueue,
    workflowBundle: await workflowBundle(),
    stageDelayMs: opts.stageDelayMs,
  });
  const runners = await createRunnerWorkers({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    os: 'linux',
    hostId,
    dataDir: process.cwd(),
    log: silentLogger,
  });
  const running = runWorkers([control, ...runners]);
  return { taskQueue, hostId, shutdown: running.shutdown, done: running.done };
}

/** A control worker on its own unique queue (the suite's one workflow bundle), optionally with the site config. */
export async function testControlWorker(
  env: TestWorkflowEnvironment,
  db: Db,
  opts: {
    prefix?: string;
    config?: HaleConfig;
    metrics?: ControlWorkerOptions['metrics'];
    pipeline?: ControlWorkerOptions['pipeline'];
    /** Spans for the stages, the judges and the Temporal calls (lib/telemetry). */
    tracing?: HaleTracing;
  } = {},
) {
  const taskQueue = uniqueId(opts.prefix ?? 'hale.control.test');
  const worker = await createControlWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    db,
    log: silentLogger,
    taskQueue,
    workflowBundle: await (opts.tracing ? tracedWorkflowBundle() : workflowBundle()),
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(opts.pipeline ? { pipeline: opts.pipeline } : {}),
    ...(opts.tracing
      ? { telemetry: workerInterceptorsAndSinks(opts.tracing), tracer: opts.tracing.tracer }
      : {}),
  });
  return { worker, taskQueue };
}
