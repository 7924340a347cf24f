import {
  ActivityFailure,
  ApplicationFailure,
  patched,
  proxyActivities,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { ArtifactActivities } from '../activities/artifacts/cache-warm';
import type { RunnerActionActivities, RunnerActionOutcome } from '../activities/runner/runner-action';
import type { RunnerDiagnosis, RunnerHealthActivities } from '../activities/runner/runner-health';
import type { ActionFields, ActionSigningActivities } from '../activities/runner/sign-action';
import { hostTaskQueue, type HostOs } from './definitions';

export interface RunnerActionInput {
  fields: ActionFields;
  /** The host's queue: hale.runner.<os>.<hostId>. */
  hostQueue: string;
  /**
   * The action may run on another live runner of this OS when the host's runner does not pick it
   * up in time (host-agnostic work only: diagnosis, sandboxed checks). Without it: read-only diagnosis.
   */
  handover?: { os: HostOs };
  /** How long a runner has to pick the action up (default 2 minutes). */
  pickupTimeout?: Duration;
}

export interface RunnerActionWorkflowResult {
  outcome: 'done' | 'refused' | 'unavailable';
  code?: string;
  message?: string;
  result?: RunnerActionOutcome;
  /** The host that ran it (another one after a handover). */
  host?: string;
  handedOverFrom?: string;
  /** When no runner took the action: what the control plane could tell without touching the host. */
  diagnosis?: RunnerDiagnosis;
  /** Artifacts the runner reported bad (failed install) and the control plane marked bad. */
  markedBad?: string[];
}

const control = proxyActivities<ActionSigningActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});
const health = proxyActivities<RunnerHealthActivities & Pick<ArtifactActivities, 'markArtifactsBad'>>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/** Patch id of handover, diagnosis, heartbeats and marking bad artifacts (histories before it replay). */
export const HANDOVER_PATCH = 'runner-action-handover-v1';

type Attempt =
  | { ok: true; result: RunnerActionOutcome }
  | { ok: false; unavailable: boolean; code: string; message: string };

async function attempt(
  fields: ActionFields,
  queue: string,
  pickupTimeout: Duration,
  heartbeats: boolean,
): Promise<Attempt & { actionId: string }> {
  const signed = await control.signRunnerAction(fields);
  const runner = proxyActivities<RunnerActionActivities>({
    taskQueue: queue,
    startToCloseTimeout: '15 minutes',
    scheduleToStartTimeout: pickupTimeout,
    ...(heartbeats ? { heartbeatTimeout: '30 seconds' } : {}),
    retry: { maximumAttempts: 1 },
  });
  try {
    return { ok: true, actionId: signed.action.id, result: await runner.runnerAction(signed) };
  } catch (err) {
    const cause = err instanceof ActivityFailure ? err.cause : undefined;
    const unavailable =
      cause instanceof TimeoutFailure &&
      (cause.timeoutType === 'SCHEDULE_TO_START' || cause.timeoutType === 'HEARTBEAT');
    const code =
      cause instanceof ApplicationFailure ? (cause.type ?? 'RUNNER_ACTION_FAILED') : 'RUNNER_UNAVAILABLE';
    return {
      ok: false,
      actionId: signed.action.id,
      unavailable,
      code,
      message: cause?.message ?? (err as Error).message,
    };
  }
}

/** `bad_artifacts` of an apply or rollback result (the runner's report of failed installs). */
function badArtifactsOf(outcome: RunnerActionOutcome): string[] {
  const detail = (outcome.result as { detail?: { bad_artifacts?: unknown } } | null)?.detail;
  const bad = detail?.bad_artifacts;
  return Array.isArray(bad) ? bad.filter((r): r is string => typeof r === 'string') : [];
}

/**
 * One authorized action on one host: the control plane signs it (and records the issue), the
 * runner verifies and executes it, and the outcome — done or refused with the runner's code — is
 * recorded. The runner's failures are not retried (the signed id would be a replay). When no
 * runner picks the action up: a handover to another live runner of the same OS if the action
 * allows it, else a read-only diagnosis. Artifacts reported bad are marked bad in the store.
 */
export async function runnerActionWorkflow(input: RunnerActionInput): Promise<RunnerActionWorkflowResult> {
  const v1 = patched(HANDOVER_PATCH);
  const pickup = (v1 && input.pickupTimeout) || '2 minutes';
  const base = (host: string, actionId: string) => ({
    action_id: actionId,
    host,
    ...(input.fields.service ? { service: input.fields.service } : {}),
  });
  let host = input.fields.host;
  let r = await attempt(input.fields, input.hostQueue, pickup, v1);
  let handedOverFrom: string | undefined;
  if (v1 && !r.ok && r.unavailable) {
    await control.recordRunnerOutcome({
      ...base(host, r.actionId),
      outcome: 'failed',
      code: r.code,
      message: r.message,
    });
    const os = input.handover?.os;
    const other = os ? await health.pickHandoverHost({ os, exclude: [host] }) : null;
    if (!os || !other) {
      const osOf = (os ?? input.hostQueue.split('.')[2] ?? 'linux') as HostOs;
      const diagnosis = await health.diagnoseRunner({ os: osOf, host, actionId: r.actionId });
      return { outcome: 'unavailable', code: r.code, message: r.message, host, diagnosis };
    }
    handedOverFrom = host;
    host = other;
    r = await attempt({ ...input.fields, host }, hostTaskQueue(os, host), pickup, v1);
  }
  const moved = handedOverFrom ? { host, handedOverFrom } : {};
  if (!r.ok) {
    await control.recordRunnerOutcome({
      ...base(host, r.actionId),
      outcome: 'refused',
      code: r.code,
      message: r.message,
    });
    return { outcome: 'refused', code: r.code, message: r.message, ...moved };
  }
  await control.recordRunnerOutcome({ ...base(host, r.actionId), outcome: 'done', result: r.result.result });
  const bad = v1 ? badArtifactsOf(r.result) : [];
  if (bad.length > 0) {
    const marked = await health.markArtifactsBad({
      refs: bad,
      reason: `install failed on ${host} (action ${r.actionId})`,
    });
    return { outcome: 'done', result: r.result, ...moved, markedBad: marked.marked };
  }
  return { outcome: 'done', result: r.result, ...moved };
}
