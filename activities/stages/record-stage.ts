import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../../lib/db';
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { inSpan } from '../../lib/telemetry/span';
import { appendEntriesDetailed } from '../../lib/ledger';
import { PIPELINE_STAGES, type PipelineStage } from '../../workflows/definitions';
import type { RemediationRequestV1 } from '../../schemas/types.generated';
import { StageWorkError, stageWork } from './stage-work';

/** The identity stage records are written under. */
export const STAGE_ACTOR = 'hale-control';

export interface StageInput {
  remediationId: string;
  stage: PipelineStage;
  request: RemediationRequestV1;
  /** What the runner reported for runner stages. */
  runner?: unknown;
  /**
   * What the stage found, when the workflow ran it through other activities (pipeline v2): recorded
   * as given instead of the built-in stage work; a `failed` result is recorded and returned, not thrown.
   */
  result?: { status: 'succeeded' | 'failed'; detail: Record<string, unknown> };
}

export interface StageResult {
  stage: PipelineStage;
  seq: number;
  detail: Record<string, unknown>;
  /** False when a retried attempt found the record already written. */
  firstWrite: boolean;
}

export interface StageActivityDeps {
  db: Db;
  log: Logger;
  /** Extra time a stage takes after recording (demo pacing; fault tests). Heartbeats meanwhile. */
  stageDelayMs?: number;
  onStage?: (stage: PipelineStage, status: 'succeeded' | 'failed') => void;
  /** Each stage gets a span named after it (`AVN.detect`, `RCA.infer`, …). */
  tracer?: Tracer;
}

async function pause(ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    Context.current().heartbeat();
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, end - Date.now())));
  }
}

/** Stage activities for the control worker, built over their dependencies. */
export function createStageActivities(deps: StageActivityDeps) {
  return {
    recordStage(input: StageInput): Promise<StageResult> {
      const attributes = {
        'hale.remediation.id': String(input.remediationId),
        'hale.stage': String(input.stage),
      };
      return inSpan(deps.tracer, input.stage, attributes, () => recordStage(deps, input));
    },

    async recordOutcome(input: { remediationId: string; outcome: string }): Promise<void> {
      await deps.db.query(
        'UPDATE remediations SET outcome = $2, finished_at = now() WHERE id = $1 AND outcome IS NULL',
        [input.remediationId, input.outcome],
      );
    },
  };
}

async function recordStage(deps: StageActivityDeps, input: StageInput): Promise<StageResult> {
  const seq = PIPELINE_STAGES.indexOf(input.stage);
  if (seq < 0) throw ApplicationFailure.nonRetryable(`unknown stage ${String(input.stage)}`, 'STAGE_UNKNOWN');
  if (input.request?.id !== input.remediationId) {
    throw ApplicationFailure.nonRetryable(
      'request id does not match the remediation id',
      'STAGE_INPUT_INVALID',
    );
  }
  const { status, detail } = input.result ?? (await builtInWork(deps, input, seq));
  const firstWrite = await insertStage(deps.db, input, seq, status, detail);
  deps.log.info(
    { remediation: input.remediationId, stage: input.stage, status, firstWrite },
    'stage recorded',
  );
  if (firstWrite) deps.onStage?.(input.stage, status);
  if (deps.stageDelayMs) await pause(deps.stageDelayMs);
  return { stage: input.stage, seq, detail, firstWrite };
}

/** The built-in stage work's finding; a finding that fails the stage is recorded, then thrown (not retried). */
async function builtInWork(
  deps: StageActivityDeps,
  input: StageInput,
  seq: number,
): Promise<{ status: 'succeeded'; detail: Record<string, unknown> }> {
  try {
    return { status: 'succeeded', detail: stageWork(input.stage, input.request, input.runner) };
  } catch (err) {
    if (!(err instanceof StageWorkError)) throw err;
    await insertStage(deps.db, input, seq, 'failed', { code: err.code, message: err.message });
    deps.onStage?.(input.stage, 'failed');
    throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true });
  }
}

/** Writes the stage record onto the evidence ledger; a retried attempt gets the first record back. */
async function insertStage(
  db: Db,
  input: StageInput,
  seq: number,
  status: 'succeeded' | 'failed',
  detail: Record<string, unknown>,
): Promise<boolean> {
  const info = Context.current().info;
  const { request } = input;
  const { created } = await appendEntriesDetailed(db, [
    {
      type: 'remediation.stage',
      actor: STAGE_ACTOR,
      subject: {
        workflow_id: input.remediationId,
        ...(request.incident_id ? { incident_id: request.incident_id } : {}),
        ...(request.host ? { host: request.host } : {}),
        ...(request.service ? { service: request.service } : {}),
      },
      payload: { stage: input.stage, stage_index: seq, status, detail, attempt: info.attempt },
      idempotencyKey: `${info.workflowExecution?.workflowId ?? input.remediationId}:${info.activityId}:${input.stage}`,
    },
  ]);
  return created[0] === true;
}

export type StageActivities = ReturnType<typeof createStageActivities>;
