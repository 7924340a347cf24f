import { ApplicationFailure } from '@temporalio/activity';
import fs from 'node:fs';
import path from 'node:path';
import { isHaleError } from '../../lib/errors';
import type { RunnerApi } from '../../runner-agents/api';
import {
  authorize,
  RunnerAuthError,
  verifyAction,
  type Action,
  type RbacPolicy,
  type ReplayGuard,
  type SignedAction,
  type TrustedControlKey,
} from '../../runner-agents/auth';

export interface RunnerActionDeps {
  hostId: string;
  runner: RunnerApi;
  /** Control plane keys this runner trusts. */
  keys: readonly TrustedControlKey[];
  rbac: RbacPolicy;
  replay: ReplayGuard;
  /** Scratch directory for sandboxed commands. */
  workDir: string;
}

export interface RunnerActionOutcome {
  action_id: string;
  kind: Action['kind'];
  host: string;
  result: unknown;
}

/**
 * The runner's one entry point for changes: a control-plane-signed action is verified (signature,
 * host, expiry, replay) and authorized by the local RBAC policy before the Runner API is called.
 * Every refusal is a non-retryable failure carrying its code (the workflow records it).
 */
export function createRunnerActionActivities(deps: RunnerActionDeps) {
  return {
    async runnerAction(signed: SignedAction): Promise<RunnerActionOutcome> {
      let action: Action;
      try {
        action = verifyAction(signed, { hostId: deps.hostId, keys: deps.keys, replay: deps.replay });
        authorize(action, deps.rbac);
      } catch (err) {
        if (err instanceof RunnerAuthError) {
          throw ApplicationFailure.nonRetryable(err.message, err.code, {
            action_id: signed?.action?.id ?? null,
          });
        }
        throw err;
      }
      try {
        const result = await dispatch(action, deps);
        return { action_id: action.id, kind: action.kind, host: deps.hostId, result };
      } catch (err) {
        // The id is spent (a retry would be a replay): runner failures are final for this action.
        if (isHaleError(err))
          throw ApplicationFailure.nonRetryable(err.message, err.code, { action_id: action.id });
        throw ApplicationFailure.nonRetryable((err as Error).message, 'RUNNER_ACTION_FAILED', {
          action_id: action.id,
        });
      }
    },
  };
}

async function dispatch(action: Action, deps: RunnerActionDeps): Promise<unknown> {
  const service = action.service ? { name: action.service } : undefined;
  switch (action.kind) {
    case 'restart':
      return deps.runner.restart(service as { name: string });
    case 'metrics':
      return deps.runner.metrics(service);
    case 'inventory':
      return deps.runner.inventory();
    case 'sandbox': {
      const staging = fs.mkdtempSync(path.join(deps.workDir, 'sandbox-'));
      try {
        return await deps.runner.sandbox(action.command ?? [], { writable: [staging] });
      } finally {
        fs.rmSync(staging, { recursive: true, force: true });
      }
    }
    default:
      throw new RunnerAuthError(
        'ACTION_MALFORMED',
        `action kind ${action.kind} is not executable through runnerAction yet (see docs/runners.md)`,
      );
  }
}

export type RunnerActionActivities = ReturnType<typeof createRunnerActionActivities>;
