import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { StageActivities, RunnerActivities, RunnerReport } from '../activities';
import type { RemediationRequestV1, RunnerResultV1 } from '../schemas/types.generated';
import {
  PIPELINE_STAGES,
  RUNNER_STAGES,
  hostTaskQueue,
  runnerTaskQueue,
  statusQuery,
  type HostOs,
  type PipelineStage,
  type RemediationOutcome,
  type RemediationStatus,
} from './definitions';

export interface RemediationWorkflowInput {
  request: RemediationRequestV1;
  /** Length of the post-deploy SLO watch window (a durable timer). */
  watchSeconds?: number;
  /** How long a runner stage may wait for a runner of the target host before the run is deferred. */
  runnerWaitSeconds?: number;
}

const control = proxyActivities<StageActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '500 ms', maximumInterval: '5 seconds', maximumAttempts: 10 },
});

function runnerProxy(queue: string, waitSeconds: number) {
  return proxyActivities<RunnerActivities>({
    taskQueue: queue,
    scheduleToCloseTimeout: `${waitSeconds} seconds`,
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
  });
}

/** One remediation: the pipeline's stages in order, ending in exactly one outcome. */
export async function remediationWorkflow(input: RemediationWorkflowInput): Promise<RunnerResultV1> {
  const { request } = input;
  const os: HostOs = request.os ?? 'linux';
  const queue = request.host ? hostTaskQueue(os, request.host) : runnerTaskQueue(os);
  const runner = runnerProxy(queue, input.runnerWaitSeconds ?? 600);
  const status: RemediationStatus = { id: request.id, stage: 'queued', outcome: null, stages: [] };
  setHandler(statusQuery, () => status);
  upsertSearchAttributes({
    HaleService: [request.service ?? 'unknown'],
    HaleHost: [request.host ?? 'any'],
    HaleOs: [os],
  });

  const finish = async (outcome: RemediationOutcome, explanation: string): Promise<RunnerResultV1> => {
    status.outcome = outcome;
    status.stage = 'finished';
    upsertSearchAttributes({ HaleOutcome: [outcome], HaleStage: ['finished'] });
    upsertMemo({ stage: 'finished', outcome });
    await control.recordOutcome({ remediationId: request.id, outcome });
    return {
      id: request.id,
      status: outcome,
      metrics: { stages_completed: status.stages.filter((s) => s.status === 'succeeded').length },
      logs_ref: `temporal://${workflowInfo().namespace}/${workflowInfo().workflowId}/${workflowInfo().runId}`,
      snapshot: null,
      explanation,
      stages: status.stages.map((s) => ({ ...s })),
    };
  };

  for (const stage of PIPELINE_STAGES) {
    status.stage = stage;
    status.stages.push({ stage, status: 'started', at: new Date().toISOString() });
    upsertSearchAttributes({ HaleStage: [stage] });
    upsertMemo({ stage });
    try {
      await runStage(stage, request, runner, input.watchSeconds ?? 2);
      markLast(status, 'succeeded');
    } catch (err) {
      markLast(status, 'failed');
      return finish(outcomeOf(err), explain(stage, err));
    }
  }
  return finish('success', `all ${PIPELINE_STAGES.length} stages passed`);
}

async function runStage(
  stage: PipelineStage,
  request: RemediationRequestV1,
  runner: ReturnType<typeof runnerProxy>,
  watchSeconds: number,
): Promise<void> {
  let report: RunnerReport | undefined;
  if (RUNNER_STAGES.includes(stage)) report = await runner.runnerStage({ stage, request });
  if (stage === 'watch') await sleep(`${watchSeconds} seconds`);
  await control.recordStage({ remediationId: request.id, stage, request, runner: report });
}

function markLast(status: RemediationStatus, value: 'succeeded' | 'failed'): void {
  const last = status.stages[status.stages.length - 1];
  if (last) last.status = value;
}

/** No runner picked the work up in time → deferred; anything else → failed. */
function outcomeOf(err: unknown): RemediationOutcome {
  if (err instanceof ActivityFailure && err.cause instanceof TimeoutFailure) return 'deferred';
  return 'failed';
}

function explain(stage: PipelineStage, err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure)
    return `${stage} failed: ${cause.type ?? 'ERROR'}: ${cause.message}`;
  if (cause instanceof TimeoutFailure) return `${stage}: no runner answered in time (${cause.message})`;
  return `${stage} failed: ${cause instanceof Error ? cause.message : String(cause)}`;
}
