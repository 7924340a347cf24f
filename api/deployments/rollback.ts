import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { rollbackUpdate, type GateDecisionInput } from '../../workflows/definitions';
import { ApiError } from '../errors';

function decisionOf(body: unknown): GateDecisionInput {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.actor !== 'string' || b.actor === '')
    throw new ApiError(400, 'INVALID_REQUEST', 'actor is required', 'actor');
  if (typeof b.reason !== 'string' || b.reason === '')
    throw new ApiError(400, 'INVALID_REQUEST', 'reason is required', 'reason');
  return { actor: b.actor, reason: b.reason };
}

/**
 * Rolls a deployment back to its still-warm blue within its armed window: one `hale.deploy.rollback`
 * Update to the deploy workflow. The workflow's validator decides (actor and reason rules, window
 * open); a closed window or a finished deployment is 409, a bad actor 400.
 */
export async function rollbackDeployment(
  client: Client,
  workflowId: string,
  body: unknown,
): Promise<{ accepted: true; actor: string }> {
  const decision = decisionOf(body);
  const handle = client.workflow.getHandle(workflowId);
  try {
    const d = await handle.describe();
    if (d.status.name !== 'RUNNING') {
      throw new ApiError(
        409,
        'NOT_ARMED',
        `deployment ${workflowId} is ${d.status.name.toLowerCase()}`,
        'id',
      );
    }
    return await handle.executeUpdate(rollbackUpdate, { args: [decision] });
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof WorkflowNotFoundError) {
      throw new ApiError(404, 'NOT_FOUND', `no deployment with id ${workflowId}`, 'id');
    }
    if (err instanceof WorkflowUpdateFailedError) {
      const message = err.cause?.message ?? err.message;
      const field = /^(actor|reason):/.exec(message)?.[1];
      if (field) throw new ApiError(400, 'INVALID_REQUEST', message, field);
      throw new ApiError(409, 'NOT_ARMED', message);
    }
    throw err;
  }
}
