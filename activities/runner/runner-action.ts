import { ApplicationFailure, Context } from '@temporalio/activity';
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
import { dispatchAction } from './dispatch-action';

export interface RunnerActionDeps {
  hostId: string;
  runner: RunnerApi;
  /** Control plane keys this runner trusts. */
  keys: readonly TrustedControlKey[];
  rbac: RbacPolicy;
  replay: ReplayGuard;
  /** Scratch directory for sandboxed commands and the lockfiles actions carry. */
  workDir: string;
  /** Root of the files sysctl actions write (`/` on a real host). */
  rootPrefix?: string;
}

/** Long actions (builds, installs) heartbeat every few seconds so a dead runner is noticed. */
async function withHeartbeat<T>(work: () => Promise<T>): Promise<T> {
  const ctx = Context.current();
  const timer = setInterval(() => ctx.heartbeat(), 5000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
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
        const result = await withHeartbeat(() => dispatchAction(action, deps));
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

export type RunnerActionActivities = ReturnType<typeof createRunnerActionActivities>;
