import type { Client } from '@temporalio/client';
import type { RunnerApi } from '../runner-agents/api';
import { probeFromInventory } from '../runner-agents/probe';
import { CONTROL_TASK_QUEUE } from '../workflows/definitions';

/**
 * Announces this runner to the control plane through Temporal (no inbound port, no database
 * access from the runner): its inventory as a shard.probe.v1, recorded by the control worker. The
 * workflow waits durably when no control worker runs yet. Returns the workflow id.
 */
export async function announceRunner(
  client: Client,
  opts: { hostId: string; runner: RunnerApi; controlQueue?: string },
): Promise<string> {
  const probe = probeFromInventory(opts.hostId, await opts.runner.inventory());
  const workflowId = `runner-registration-${opts.hostId}-${Date.parse(probe.probed_at)}`;
  await client.workflow.start('runnerRegistrationWorkflow', {
    workflowId,
    taskQueue: opts.controlQueue ?? CONTROL_TASK_QUEUE,
    args: [probe],
  });
  return workflowId;
}
