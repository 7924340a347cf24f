import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Db } from '../../lib/db';
import { requestDigest } from '../../lib/signing';
import type { RemediationRequestV1 } from '../../schemas/types.generated';
import { CONTROL_TASK_QUEUE } from '../../workflows/definitions';
import type { RemediationWorkflowInput } from '../../workflows';
import { ApiError } from '../errors';

export interface SubmitDeps {
  client: Client;
  db: Db;
  taskQueue?: string;
  watchSeconds?: number;
  runnerWaitSeconds?: number;
}

export interface SubmitResult {
  id: string;
  workflowId: string;
  runId: string;
  /** true when this call started the workflow; false when it already existed. */
  created: boolean;
}

/**
 * Accepts a validated request exactly once: the id is the workflow id, a second submission of the
 * same request (also concurrent, also after the run ended) returns the existing run, and the same
 * id with a different request is a conflict.
 */
export async function submitRemediation(
  deps: SubmitDeps,
  request: RemediationRequestV1,
): Promise<SubmitResult> {
  const digest = requestDigest(request as unknown as Record<string, unknown>);
  if (request.sign.digest !== digest) {
    throw new ApiError(
      400,
      'DIGEST_MISMATCH',
      `sign.digest does not match the request's canonical digest (${digest})`,
      '/sign/digest',
    );
  }
  await deps.db.query(
    `INSERT INTO remediations (id, request_digest, request, workflow_id) VALUES ($1, $2, $3, $1)
     ON CONFLICT (id) DO NOTHING`,
    [request.id, digest, JSON.stringify(request)],
  );
  const { rows } = await deps.db.query<{ request_digest: string }>(
    'SELECT request_digest FROM remediations WHERE id = $1',
    [request.id],
  );
  if (rows[0]?.request_digest !== digest) {
    throw new ApiError(
      409,
      'ID_CONFLICT',
      `remediation ${request.id} already exists with a different request`,
      '/id',
    );
  }
  const input: RemediationWorkflowInput = {
    request,
    watchSeconds: deps.watchSeconds,
    runnerWaitSeconds: deps.runnerWaitSeconds,
  };
  try {
    const handle = await deps.client.workflow.start('remediationWorkflow', {
      workflowId: request.id,
      taskQueue: deps.taskQueue ?? CONTROL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      memo: { stage: 'queued' },
    });
    const runId = handle.firstExecutionRunId;
    const claimed = await deps.db.query(
      'UPDATE remediations SET run_id = $2 WHERE id = $1 AND run_id IS NULL',
      [request.id, runId],
    );
    return { id: request.id, workflowId: request.id, runId, created: claimed.rowCount === 1 };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const description = await deps.client.workflow.getHandle(request.id).describe();
    return { id: request.id, workflowId: request.id, runId: description.runId, created: false };
  }
}
