import type { Worker } from '@temporalio/worker';

/**
 * Runs several workers until one stops or `shutdown()` is called; shutting down one shuts down
 * all, and the promise settles only when every worker has drained.
 */
export function runWorkers(workers: Worker[]): { done: Promise<void>; shutdown(): Promise<void> } {
  const shutdownAll = (): void => {
    for (const worker of workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
  };
  const done = Promise.allSettled(workers.map((w) => w.run().finally(shutdownAll))).then((results) => {
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  return {
    done,
    async shutdown() {
      shutdownAll();
      await done;
    },
  };
}
