import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../../lib/db';
import { appendEntry, ensureSigner } from '../../lib/ledger';
import { signAction, type Action, type SignedAction } from '../../runner-agents/auth';

export type ActionFields = Omit<Action, 'id' | 'issued_at' | 'expires_at'>;

export interface RunnerActionRecord {
  action_id: string;
  outcome: 'done' | 'refused' | 'failed';
  code?: string;
  message?: string;
  result?: unknown;
}

/**
 * Control-plane side of runner actions: each action is signed with the control key (valid five
 * minutes, id derived from the workflow and activity so a retry signs the same action) and its
 * issue and outcome are recorded on the ledger.
 */
export function createActionSigningActivities(deps: { db: Db; dataDir: string }) {
  return {
    async signRunnerAction(fields: ActionFields): Promise<SignedAction> {
      const info = Context.current().info;
      const id = `act-${info.workflowExecution?.workflowId ?? 'no-workflow'}-${info.activityId}`
        .replace(/[^A-Za-z0-9._:-]/g, '-')
        .slice(0, 128);
      try {
        const signer = await ensureSigner(deps.db, deps.dataDir);
        const signed = signAction({ ...fields, id }, signer);
        await appendEntry(deps.db, {
          type: 'runner.action.issued',
          actor: signer.actor,
          subject: {
            host: fields.host,
            ...(fields.service ? { service: fields.service } : {}),
            workflow_id: info.workflowExecution?.workflowId ?? 'no-workflow',
          },
          payload: { action: signed.action, key_id: signed.signature.key_id },
          idempotencyKey: `runner.action.issued:${id}`,
        });
        return signed;
      } catch (err) {
        throw ApplicationFailure.nonRetryable((err as Error).message, 'RUNNER_ACTION_SIGNING_FAILED');
      }
    },

    async recordRunnerOutcome(
      record: RunnerActionRecord & { host: string; service?: string },
    ): Promise<void> {
      const info = Context.current().info;
      await appendEntry(deps.db, {
        type: record.outcome === 'done' ? 'runner.action' : 'runner.action.refused',
        actor: 'hale-control',
        subject: {
          host: record.host,
          ...(record.service ? { service: record.service } : {}),
          workflow_id: info.workflowExecution?.workflowId ?? 'no-workflow',
        },
        payload: record,
        idempotencyKey: `runner.action.outcome:${record.action_id}`,
      });
    },
  };
}

export type ActionSigningActivities = ReturnType<typeof createActionSigningActivities>;
