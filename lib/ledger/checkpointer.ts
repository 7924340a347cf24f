import type { Logger } from 'pino';
import type { Db } from '../db';
import { maybeCheckpoint, type CheckpointPolicy } from './checkpoint';
import type { LedgerSigner } from './keys';

/**
 * Writes checkpoints in the background per `policy` (checked every `tickMs`, at most 5 s by
 * default). One per control-plane process; concurrent checkpointers are harmless (each
 * checkpoint is appended under the ledger lock and covers everything before it).
 */
export function startCheckpointer(
  db: Db,
  signer: LedgerSigner,
  policy: CheckpointPolicy,
  log: Logger,
  tickMs = Math.min(5000, policy.everySeconds * 1000),
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running
      .then(() => maybeCheckpoint(db, signer, policy))
      .then((cp) => {
        if (cp)
          log.info(
            { seq: cp.seq, tree_size: (cp.payload as { tree_size: number }).tree_size },
            'ledger checkpoint written',
          );
      })
      .catch((err: unknown) => log.error({ err }, 'ledger checkpoint failed'));
  }, tickMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
