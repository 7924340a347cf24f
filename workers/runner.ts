import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createRunnerActionActivities, createRunnerActivities, type RunnerActionDeps } from '../activities';
import { hostTaskQueue, runnerTaskQueue, type HostOs } from '../workflows/definitions';

export interface RunnerWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  os: HostOs;
  hostId: string;
  dataDir: string;
  log: Logger;
  telemetry?: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
  /** Signed, authorized actions through the Runner API (runnerAction); absent: probe stages only. */
  actions?: Omit<RunnerActionDeps, 'hostId'>;
}

/**
 * The runner workers of one host: one polls `hale.runner.<os>` (any host of that OS), one polls
 * `hale.runner.<os>.<hostId>` (this host only). Activities only; they open no listening port.
 */
export async function createRunnerWorkers(opts: RunnerWorkerOptions): Promise<Worker[]> {
  const activities = {
    ...createRunnerActivities({
      hostId: opts.hostId,
      os: opts.os,
      log: opts.log,
      dataDir: opts.dataDir,
    }),
    ...(opts.actions ? createRunnerActionActivities({ ...opts.actions, hostId: opts.hostId }) : {}),
  };
  const queues = [runnerTaskQueue(opts.os), hostTaskQueue(opts.os, opts.hostId)];
  return Promise.all(
    queues.map((taskQueue) =>
      Worker.create({
        connection: opts.connection,
        namespace: opts.namespace,
        taskQueue,
        activities,
        ...opts.telemetry,
      }),
    ),
  );
}
