import { ApplicationFailure } from '@temporalio/activity';
import { ContractError, validateContract } from '../../lib/contracts';
import type { Db } from '../../lib/db';
import { appendWithin } from '../../lib/ledger';
import type { ShardProbeV1 } from '../../schemas/types.generated';

/**
 * Control-plane side of runner registration: the probe is checked against shard.probe.v1, recorded
 * on the ledger and upserted into `runners` in one transaction (both or neither).
 */
export function createRunnerRegistryActivities(deps: { db: Db }) {
  return {
    async registerRunner(probe: ShardProbeV1): Promise<{ seq: number }> {
      try {
        validateContract('shard.probe.v1', probe);
      } catch (err) {
        if (err instanceof ContractError) throw ApplicationFailure.nonRetryable(err.message, err.code);
        throw err;
      }
      return deps.db.transaction(async (tx) => {
        const [entry] = await appendWithin(tx, [
          {
            type: 'shard.probe.v1',
            actor: 'hale-control',
            subject: { host: probe.host_id },
            payload: probe,
            idempotencyKey: `shard.probe:${probe.host_id}:${probe.probed_at}`,
          },
        ]);
        const seq = entry?.seq ?? 0;
        await tx.query(
          `INSERT INTO runners (host_id, os, probe, ledger_seq) VALUES ($1, $2, $3::jsonb, $4)
           ON CONFLICT (host_id) DO UPDATE SET os = EXCLUDED.os, probe = EXCLUDED.probe,
             ledger_seq = EXCLUDED.ledger_seq, last_seen_at = now()`,
          [probe.host_id, probe.os.name, JSON.stringify(probe), seq],
        );
        return { seq };
      });
    },
  };
}

export type RunnerRegistryActivities = ReturnType<typeof createRunnerRegistryActivities>;
