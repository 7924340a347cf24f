import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

/** The Schedule that runs the nightly artifact cache warm. */
export const CACHE_WARM_SCHEDULE_ID = 'hale-artifact-cache-warm';

export interface CacheWarmScheduleOptions {
  taskQueue: string;
  /** Cron expression, UTC. */
  cron: string;
  /** Paused schedules are created but never fire (tests trigger them by hand). */
  paused?: boolean;
}

/**
 * Creates the cache-warm Schedule, or updates its spec and action when it exists (so a changed
 * cron in hale.yaml takes effect on the next `hale up`). A run still going when the next is due is
 * not doubled (overlap SKIP). Returns what happened.
 */
export async function ensureCacheWarmSchedule(
  client: Client,
  opts: CacheWarmScheduleOptions,
): Promise<'created' | 'updated'> {
  const spec = { cronExpressions: [opts.cron] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'artifactCacheWarmWorkflow',
    taskQueue: opts.taskQueue,
    args: [{}],
    workflowExecutionTimeout: '6 hours' as const,
  };
  try {
    await client.schedule.create({
      scheduleId: CACHE_WARM_SCHEDULE_ID,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      state: {
        paused: opts.paused ?? false,
        note: 'Hale: nightly artifact cache warm (imports mirrors, re-signs the index)',
      },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule
    .getHandle(CACHE_WARM_SCHEDULE_ID)
    .update((previous) => ({ ...previous, spec, action }));
  return 'updated';
}
