import {
  executeChild,
  patched,
  proxyActivities,
  sleep,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import type { JudgeActivities } from '../activities/deploy/judge';
import type { LedgerActivities } from '../activities/ledger/record-evidence';
import type { BurnSlo, ShadowGate, VerdictResult } from '../runner-agents/linux/traffic-router';
import { waitForDecision, waitForRollbackRequest } from './approval-gate';
import type { HostOs } from './definitions';
import type { RunnerActionInput, RunnerActionWorkflowResult } from './runner-action';
import { Saga, type CompensationRecord } from './saga';

export type DeployStepName = 'stage' | 'promote' | 'commit' | 'rollback' | 'abort' | 'status';

export interface BlueGreenDeployInput {
  remediationId: string;
  os: HostOs;
  host: string;
  service: string;
  /** The change: a hash-pinned lockfile, carried in the signed stage action. */
  lockfile: { format: 'requirements'; content: string };
  /** Mirror live traffic to green this long, then judge the comparison. */
  shadow: { windowMs: number; gate: ShadowGate };
  /** After promotion, watch green's live SLO this long (polling), then commit. */
  watch: { windowMs: number; pollMs: number; slo: BurnSlo; minSamples: number };
  /** Promotion waits for an approve / veto Update this long (absent: no gate). */
  approval?: { timeoutMs: number };
  /**
   * After a clean watch, blue stays warm this long before the commit, and one `hale.deploy.rollback`
   * Update takes traffic back to it (absent or 0: commit at once).
   */
  armedWindowMs?: number;
  /**
   * Green is already staged (the remediation pipeline staged and verified it for L2): skip `stage`,
   * start with the shadow window; an abort still undoes it.
   */
  prestaged?: boolean;
}

/** Patch id of the armed rollback window (histories recorded before it commit right after the watch). */
export const ARMED_WINDOW_PATCH = 'deploy-armed-rollback-window-v1';

export interface BlueGreenDeployResult {
  outcome: 'success' | 'failed' | 'rolled_back' | 'deferred';
  code?: string;
  reasons: string[];
  shadow?: VerdictResult;
  burn?: VerdictResult;
  /** When a burn was seen and when traffic was back on blue (workflow clock), and the router's switch time. */
  rollback?: { burn_detected_at: string; traffic_back_at: string; router_switch_ms: number | null };
  compensations: CompensationRecord[];
  /** Workflow-clock milestones: started, staged, promoted, finished (what bench:pipeline reads). */
  timeline: Partial<Record<'started' | 'staged' | 'promoted' | 'finished', string>>;
}

const judge = proxyActivities<JudgeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5 },
});
const ledger = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10 },
});

class StepFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Detail = Record<string, unknown>;

/**
 * L3 execution for one service: stage green beside blue (signed runner action), shadow-compare for
 * a window and judge it (inconclusive blocks), optionally wait for approval, promote atomically,
 * watch green's SLO and roll back to the warm blue on a burn, else commit. Every change pushes its
 * compensation; any failure undoes them in reverse order, each recorded on the ledger.
 */
export async function blueGreenDeployWorkflow(input: BlueGreenDeployInput): Promise<BlueGreenDeployResult> {
  const saga = new Saga();
  const timeline: BlueGreenDeployResult['timeline'] = { started: new Date().toISOString() };
  const mark = (m: keyof BlueGreenDeployResult['timeline']) => (timeline[m] = new Date().toISOString());
  let n = 0;
  const step = async (deploy: DeployStepName, extra: Partial<RunnerActionInput['fields']> = {}) => {
    n++;
    const r = await executeChild('runnerActionWorkflow', {
      workflowId: `${workflowInfo().workflowId}:${deploy}:${n}`,
      args: [
        {
          fields: {
            kind: 'deploy',
            host: input.host,
            service: input.service,
            deploy,
            remediation_id: input.remediationId,
            ...extra,
          },
          hostQueue: `hale.runner.${input.os}.${input.host}`,
        } satisfies RunnerActionInput,
      ],
    });
    const result = r as RunnerActionWorkflowResult;
    if (result.outcome !== 'done') {
      throw new StepFailed(
        result.code ?? 'RUNNER_ACTION_FAILED',
        `${deploy}: ${result.message ?? result.outcome}`,
      );
    }
    return (result.result?.result ?? {}) as { status?: string; detail?: Detail };
  };
  const record = (r: CompensationRecord) =>
    ledger
      .recordEvidence({
        type: 'remediation.compensation',
        subject: { workflow_id: input.remediationId, host: input.host, service: input.service },
        payload: r,
        step: `compensation:${r.name}`,
      })
      .then(() => undefined);
  const end = async (
    outcome: BlueGreenDeployResult['outcome'],
    code: string | undefined,
    reasons: string[],
    extra: Partial<BlueGreenDeployResult> = {},
  ): Promise<BlueGreenDeployResult> => {
    const compensations = outcome === 'success' ? [] : await saga.compensate(record);
    upsertMemo({ deploy: outcome });
    mark('finished');
    return { outcome, ...(code ? { code } : {}), reasons, ...extra, compensations, timeline };
  };

  try {
    upsertMemo({ deploy: 'stage' });
    const staged = input.prestaged ? { status: 'staged' } : await step('stage', { lockfile: input.lockfile });
    if (staged.status !== 'staged') {
      const error = staged.detail?.error as { code?: string; message?: string } | undefined;
      return end(staged.status === 'deferred' ? 'deferred' : 'failed', error?.code ?? 'DEPLOY_STAGE_FAILED', [
        error?.message ?? `stage: ${staged.status ?? 'no status'}`,
      ]);
    }
    saga.push('abort green', () => step('abort'));
    mark('staged');

    upsertMemo({ deploy: 'shadow' });
    const windowStartedMs = Date.now();
    await sleep(input.shadow.windowMs);
    const status = await step('status');
    const shadow = await judge.judgeShadow({
      report: (status.detail?.compare ?? null) as Parameters<JudgeActivities['judgeShadow']>[0]['report'],
      gate: input.shadow.gate,
      windowStartedMs,
    });
    if (shadow.verdict !== 'pass') {
      const code = shadow.verdict === 'fail' ? 'SHADOW_COMPARE_FAILED' : 'SHADOW_COMPARE_INCONCLUSIVE';
      return end('failed', code, shadow.reasons, { shadow });
    }

    if (input.approval) {
      upsertMemo({ deploy: 'awaiting approval' });
      const gate = await waitForDecision('promotion', input.approval.timeoutMs);
      if (gate.outcome === 'expired')
        return end('deferred', 'APPROVAL_TIMEOUT', ['nobody approved in time'], { shadow });
      if (gate.outcome === 'vetoed') {
        return end(
          'failed',
          'VETOED',
          [`vetoed by ${gate.state.decided?.actor}: ${gate.state.decided?.reason}`],
          {
            shadow,
          },
        );
      }
    }

    upsertMemo({ deploy: 'promote' });
    await step('promote');
    mark('promoted');
    saga.pop('abort green');
    saga.push('roll back to blue', () => step('rollback'));

    upsertMemo({ deploy: 'watch' });
    const deadline = Date.now() + input.watch.windowMs;
    let burn: VerdictResult = { verdict: 'inconclusive', reasons: ['not watched yet'] };
    for (;;) {
      await sleep(Math.min(input.watch.pollMs, Math.max(0, deadline - Date.now())));
      const s = await step('status');
      const stats =
        (s.detail?.stats as { upstreams?: { green?: unknown } } | undefined)?.upstreams?.green ?? null;
      burn = await judge.judgeBurn({
        stats: stats as Parameters<JudgeActivities['judgeBurn']>[0]['stats'],
        slo: input.watch.slo,
        minSamples: input.watch.minSamples,
      });
      if (burn.verdict === 'fail' || Date.now() >= deadline) break;
    }
    if (burn.verdict !== 'pass') {
      const detectedAt = new Date().toISOString();
      saga.pop('roll back to blue');
      const back = await step('rollback');
      const rollback = {
        burn_detected_at: detectedAt,
        traffic_back_at: new Date().toISOString(),
        router_switch_ms: (back.detail?.traffic_back_ms as number | undefined) ?? null,
      };
      await record({ name: 'roll back to blue', ok: true });
      const code = burn.verdict === 'fail' ? 'SLO_BURN' : 'SLO_WATCH_INCONCLUSIVE';
      return end('rolled_back', code, burn.reasons, { shadow, burn, rollback });
    }

    if (patched(ARMED_WINDOW_PATCH) && (input.armedWindowMs ?? 0) > 0) {
      const manual = await waitForRollbackRequest(input.armedWindowMs as number);
      if (manual) {
        saga.pop('roll back to blue');
        const t = new Date().toISOString();
        const back = await step('rollback');
        await record({ name: 'roll back to blue', ok: true });
        const rollback = {
          burn_detected_at: t,
          traffic_back_at: new Date().toISOString(),
          router_switch_ms: (back.detail?.traffic_back_ms as number | undefined) ?? null,
        };
        const why = `rolled back by ${manual.actor}: ${manual.reason ?? ''}`;
        return end('rolled_back', 'MANUAL_ROLLBACK', [why], { shadow, burn, rollback });
      }
    }

    upsertMemo({ deploy: 'commit' });
    await step('commit');
    saga.pop('roll back to blue');
    return end('success', undefined, ['promoted, watched and committed'], { shadow, burn });
  } catch (err) {
    const code = err instanceof StepFailed ? err.code : 'DEPLOY_FAILED';
    return end('failed', code, [err instanceof Error ? err.message : String(err)]);
  }
}
