import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  patched,
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
import { PIPELINE_V2_PATCH, PipelineDone, admit, runChange, type PipelineFinish } from './pipeline-v2';

/** Probe-only runs say in their explanation that nothing changed (histories before it end "all N stages passed"). */
export const PROBE_ONLY_EXPLANATION_PATCH = 'probe-only-explanation-v1';

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

  const finish = async (
    outcome: RemediationOutcome,
    explanation: string,
    extra: PipelineFinish & { snapshot?: string } = {},
  ): Promise<RunnerResultV1> => {
    status.outcome = outcome;
    status.stage = 'finished';
    upsertSearchAttributes({ HaleOutcome: [outcome], HaleStage: ['finished'] });
    upsertMemo({ stage: 'finished', outcome, ...(extra.code ? { code: extra.code } : {}) });
    await control.recordOutcome({ remediationId: request.id, outcome });
    const metrics: Record<string, number> = {
      stages_completed: status.stages.filter((s) => s.status === 'succeeded').length,
    };
    if (extra.rollback) {
      const seconds =
        (Date.parse(extra.rollback.traffic_back_at) - Date.parse(extra.rollback.burn_detected_at)) / 1000;
      metrics.burn_to_blue_s = seconds;
      if (extra.rollback.router_switch_ms !== null)
        metrics.router_switch_ms = extra.rollback.router_switch_ms;
    }
    return {
      id: request.id,
      status: outcome,
      metrics,
      logs_ref: `temporal://${workflowInfo().namespace}/${workflowInfo().workflowId}/${workflowInfo().runId}`,
      snapshot: extra.snapshot ?? null,
      explanation,
      stages: status.stages.map((s) => ({ ...s })),
    };
  };
  const begin = (stage: PipelineStage) => {
    status.stage = stage;
    status.stages.push({ stage, status: 'started', at: new Date().toISOString() });
    upsertSearchAttributes({ HaleStage: [stage] });
    upsertMemo({ stage });
  };

  let stages: readonly PipelineStage[] = PIPELINE_STAGES;
  if (patched(PIPELINE_V2_PATCH)) {
    let snapshot: string | undefined;
    const hooks = {
      control,
      begin,
      end: (_stage: PipelineStage, value: 'succeeded' | 'failed') => markLast(status, value),
      finish: async (outcome: RemediationOutcome, explanation: string, extra: PipelineFinish = {}) => {
        throw new PipelineDone(
          await finish(outcome, explanation, { ...extra, ...(snapshot ? { snapshot } : {}) }),
        );
      },
      setVotes: (layer: 'L1' | 'L2', votes: unknown[], outcome: string) => {
        status.votes = { ...status.votes, [layer]: { outcome, votes } };
      },
    };
    try {
      const admission = await admit(request, hooks);
      status.signer = admission.signer;
      const change = admission.change;
      for (const stage of ['AVN.detect', 'RCA.infer', 'plan'] as const) {
        begin(stage);
        try {
          if (stage === 'plan' && change) {
            const detail = {
              ops: request.ops,
              signer: admission.signer,
              artifact: change.artifact,
              rollback: { ...change.rollback, staged: true, signature_verified: true },
              lockfile: change.lockfile.file_name,
              packages: change.packages,
              files: change.files.map((f) => f.path),
            };
            await control.recordStage({
              remediationId: request.id,
              stage,
              request,
              result: { status: 'succeeded', detail },
            });
          } else await runStage(stage, request, runner, 0);
          markLast(status, 'succeeded');
        } catch (err) {
          markLast(status, 'failed');
          return await finish(outcomeOf(err), explain(stage, err));
        }
      }
      if (change) {
        snapshot = change.rollback.ref;
        await runChange(request, change, hooks);
      }
    } catch (err) {
      if (err instanceof PipelineDone) return err.result as RunnerResultV1;
      throw err;
    }
    stages = PIPELINE_STAGES.slice(PIPELINE_STAGES.indexOf('L1.vote'));
  }

  for (const stage of stages) {
    begin(stage);
    try {
      await runStage(stage, request, runner, input.watchSeconds ?? 2);
      markLast(status, 'succeeded');
    } catch (err) {
      markLast(status, 'failed');
      return finish(outcomeOf(err), explain(stage, err));
    }
  }
  const passed = `all ${PIPELINE_STAGES.length} stages passed`;
  if (!patched(PROBE_ONLY_EXPLANATION_PATCH)) return finish('success', passed);
  // Reached only without a change plan: say so, so nobody reads a success as "the change is live".
  return finish(
    'success',
    `${passed}; probe-only: no change planned for ${request.service} (no blue/green service of that name in this site's hale.yaml), nothing changed`,
  );
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
