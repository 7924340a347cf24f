import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { ActionFields, ActionSigningActivities } from '../activities/runner/sign-action';
import type { RunnerActionActivities, RunnerActionOutcome } from '../activities/runner/runner-action';

export interface RunnerActionInput {
  fields: ActionFields;
  /** The host's queue: hale.runner.<os>.<hostId>. */
  hostQueue: string;
}

export interface RunnerActionWorkflowResult {
  outcome: 'done' | 'refused';
  code?: string;
  message?: string;
  result?: RunnerActionOutcome;
}

const control = proxyActivities<ActionSigningActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/**
 * One authorized action on one host: the control plane signs it (and records the issue), the
 * runner verifies and executes it, and the outcome — done or refused with the runner's code — is
 * recorded. The runner's failures are not retried (the signed id would be a replay).
 */
export async function runnerActionWorkflow(input: RunnerActionInput): Promise<RunnerActionWorkflowResult> {
  const signed = await control.signRunnerAction(input.fields);
  const runner = proxyActivities<RunnerActionActivities>({
    taskQueue: input.hostQueue,
    startToCloseTimeout: '15 minutes',
    scheduleToStartTimeout: '2 minutes',
    retry: { maximumAttempts: 1 },
  });
  const base = {
    action_id: signed.action.id,
    host: input.fields.host,
    ...(input.fields.service ? { service: input.fields.service } : {}),
  };
  try {
    const result = await runner.runnerAction(signed);
    await control.recordRunnerOutcome({ ...base, outcome: 'done', result: result.result });
    return { outcome: 'done', result };
  } catch (err) {
    const cause = err instanceof ActivityFailure ? err.cause : undefined;
    const code =
      cause instanceof ApplicationFailure ? (cause.type ?? 'RUNNER_ACTION_FAILED') : 'RUNNER_UNAVAILABLE';
    const message = cause?.message ?? (err as Error).message;
    await control.recordRunnerOutcome({ ...base, outcome: 'refused', code, message });
    return { outcome: 'refused', code, message };
  }
}
