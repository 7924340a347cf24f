import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import {
  createActionSigningActivities,
  createJudgeActivities,
  createArtifactActivities,
  createLedgerActivities,
  createRunnerHealthActivities,
  createRunnerRegistryActivities,
  createStageActivities,
} from '../activities';
import {
  createAdmissionActivities,
  createPipelineActivities,
  type PipelineActivityDeps,
} from '../activities/pipeline';
import type { HaleConfig } from '../lib/config';
import type { HaleMetrics } from '../lib/telemetry/metrics';
import type { Db } from '../lib/db';
import { CONTROL_TASK_QUEUE } from '../workflows/definitions';
import type { PipelineStage } from '../workflows/definitions';

export interface ControlWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  db: Db;
  log: Logger;
  taskQueue?: string;
  /** A pre-built bundle (tests build one per suite); default: bundle `workflows/` at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  stageDelayMs?: number;
  onStage?: (stage: PipelineStage, status: 'succeeded' | 'failed') => void;
  /** Interceptors and sinks from lib/telemetry (same set-up for client, worker and bundle). */
  telemetry?: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
  /** Gives each stage its own span, named after the stage. */
  tracer?: Tracer;
  /** The site configuration: registers the artifact store activities (nightly cache warm). */
  config?: HaleConfig;
  /** With config: the pipeline's metrics (l1_accept_ratio, deploy_*, trust_score). */
  metrics?: HaleMetrics;
  /** With config: overrides of the pipeline activities (tests: the clock, governance, keys). */
  pipeline?: Omit<PipelineActivityDeps, 'db' | 'config' | 'metrics'>;
}

/** Path of the workflow bundle's entry (works from sources under ts-jest and from dist/). */
export const workflowsPath = require.resolve('../workflows');

/** The control worker: runs remediation workflows and the control-plane activities on `hale.control`. */
export async function createControlWorker(opts: ControlWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? CONTROL_TASK_QUEUE,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
    activities: {
      ...createStageActivities({
        db: opts.db,
        log: opts.log,
        stageDelayMs: opts.stageDelayMs,
        onStage: opts.onStage,
        tracer: opts.tracer,
      }),
      ...createLedgerActivities({ db: opts.db, actor: 'hale-control' }),
      ...createRunnerRegistryActivities({ db: opts.db }),
      ...createRunnerHealthActivities({ db: opts.db }),
      ...createJudgeActivities({ ...(opts.tracer ? { tracer: opts.tracer } : {}) }),
      ...(opts.config ? createArtifactActivities({ db: opts.db, config: opts.config }) : {}),
      ...(opts.config ? createActionSigningActivities({ db: opts.db, dataDir: opts.config.dataDir }) : {}),
      // without site config: digests checked, every request probe-only
      ...(opts.config
        ? createPipelineActivities({
            db: opts.db,
            config: opts.config,
            ...(opts.metrics ? { metrics: opts.metrics } : {}),
            ...opts.pipeline,
          })
        : createAdmissionActivities({ db: opts.db })),
    },
    ...opts.telemetry,
  });
}
