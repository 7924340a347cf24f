import { proxyActivities } from '@temporalio/workflow';
import type { RunnerRegistryActivities } from '../activities/runner/register-runner';
import type { ShardProbeV1 } from '../schemas/types.generated';

const { registerRunner } = proxyActivities<RunnerRegistryActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10 },
});

/** A runner announces itself at start: its probe goes to the ledger and the runners table. */
export async function runnerRegistrationWorkflow(probe: ShardProbeV1): Promise<{ seq: number }> {
  return registerRunner(probe);
}
