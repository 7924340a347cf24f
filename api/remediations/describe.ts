import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../lib/db';
import { ApiError } from '../errors';

export interface RemediationView {
  id: string;
  runId: string;
  /** Temporal's execution status: RUNNING, COMPLETED, FAILED, … */
  status: string;
  stage: string;
  outcome: string | null;
  startedAt: string;
  closedAt: string | null;
  stages: { stage: string; status: string; recordedAt: string; detail: unknown }[];
  result?: unknown;
}

/** A remediation's stage and status, from Temporal (memo, status) and the stage records. */
export async function describeRemediation(
  deps: { client: Client; db: Db },
  id: string,
): Promise<RemediationView> {
  const handle = deps.client.workflow.getHandle(id);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new ApiError(404, 'NOT_FOUND', `no remediation with id ${id}`, 'id');
    throw err;
  }
  const memo = (description.memo ?? {}) as { stage?: string; outcome?: string };
  const { rows } = await deps.db.query<{
    stage: string;
    status: string;
    recorded_at: Date | string;
    detail: unknown;
  }>(
    'SELECT stage, status, recorded_at, detail FROM remediation_stages WHERE remediation_id = $1 ORDER BY seq',
    [id],
  );
  const view: RemediationView = {
    id,
    runId: description.runId,
    status: description.status.name,
    stage: memo.stage ?? 'queued',
    outcome: memo.outcome ?? null,
    startedAt: description.startTime.toISOString(),
    closedAt: description.closeTime?.toISOString() ?? null,
    stages: rows.map((r) => ({
      stage: r.stage,
      status: r.status,
      recordedAt: new Date(r.recorded_at).toISOString(),
      detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
    })),
  };
  if (description.status.name === 'COMPLETED') view.result = await handle.result();
  return view;
}
