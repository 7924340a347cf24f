import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  executeChild,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { LedgerActivities, StageActivities } from '../activities';
import type {
  Admission,
  AdmissionActivities,
  ChangePlan,
  GovernanceActivities,
  GovernanceOutcome,
  VerifyReport,
  VoteActivities,
} from '../activities/pipeline';
import type {
  L1ConsensusResultV1,
  L2ConsensusResultV1,
  RemediationRequestV1,
} from '../schemas/types.generated';
import type { BlueGreenDeployInput, BlueGreenDeployResult } from './blue-green-deploy';
import type { PipelineStage, RemediationOutcome } from './definitions';
import type { RunnerActionInput, RunnerActionWorkflowResult } from './runner-action';
import { Saga } from './saga';

/** Patch id of the wired pipeline (admission, real L1/L2 votes, governance, blue/green deploy). */
export const PIPELINE_V2_PATCH = 'pipeline-v2';

const pipeline = proxyActivities<VoteActivities & GovernanceActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 3 },
});

/**
 * Admission reads the store and the ledger only and records a refusal idempotently, so a database
 * or store that is briefly unreachable is retried for about a minute before the run fails; a
 * refusal is non-retryable and ends the run at once.
 */
const admission = proxyActivities<AdmissionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 8 },
});

const ledger = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10 },
});

/** What the pipeline tells the workflow shell: stage bookkeeping and the way out. */
export interface PipelineHooks {
  control: Pick<StageActivities, 'recordStage'>;
  begin(stage: PipelineStage): void;
  end(stage: PipelineStage, status: 'succeeded' | 'failed'): void;
  finish(outcome: RemediationOutcome, explanation: string, extra?: PipelineFinish): Promise<never>;
  setVotes(layer: 'L1' | 'L2', votes: unknown[], outcome: string): void;
}

export interface PipelineFinish {
  code?: string;
  rollback?: BlueGreenDeployResult['rollback'];
}

/** Thrown by `finish` to leave the pipeline with a result already built. */
export class PipelineDone extends Error {
  constructor(readonly result: unknown) {
    super('pipeline done');
  }
}

type Detail = Record<string, unknown>;

function failureCode(err: unknown): { code: string; message: string } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { code: cause.type ?? 'ERROR', message: cause.message };
  return { code: 'ERROR', message: cause instanceof Error ? cause.message : String(cause) };
}

/** The votes that did not accept, with their first reason: what an operator reads first. */
function notAccepted(votes: { voter: string; verdict: string; reasons: string[] }[]): string {
  const against = votes.filter((v) => v.verdict === 'reject' || v.verdict === 'veto');
  return against.map((v) => `; ${v.voter} ${v.verdict}: ${v.reasons[0] ?? 'no reason given'}`).join('');
}

/**
 * Admission, before any stage: a refusal (non-retryable) or an admission that could not run after
 * its retries ends the run with no stage recorded; the explanation says which of the two it was.
 */
export async function admit(request: RemediationRequestV1, hooks: PipelineHooks): Promise<Admission> {
  try {
    return await admission.admitRequest({ request });
  } catch (err) {
    const { code, message } = failureCode(err);
    const cause = err instanceof ActivityFailure ? err.cause : err;
    const refused = cause instanceof ApplicationFailure && cause.nonRetryable;
    const why = refused ? 'refused before any stage' : 'admission could not run (retries exhausted)';
    return hooks.finish('failed', `${why}: ${code}: ${message}`, { code });
  }
}

/**
 * The stages after `plan` for a change to a blue/green service: L1 file-level votes; L2 on a green
 * staged beside blue in quarantine (only mirrored traffic) and verified by the runner; the sandbox
 * preflight's facts; governance (a violation is a hard stop; no live governance → read-only on the
 * emergency cache, a ratification task, deferred); then the blue/green deployment as a child
 * workflow (shadow compare, approval, promotion, SLO watch, rollback or commit). Every failure
 * after staging aborts green, recorded as a compensation.
 */
export async function runChange(
  request: RemediationRequestV1,
  plan: ChangePlan,
  hooks: PipelineHooks,
): Promise<never> {
  const saga = new Saga();
  try {
    return await changeStages(request, plan, hooks, saga);
  } catch (err) {
    if (err instanceof PipelineDone) throw err;
    // An activity that kept failing, a child that failed: undo what was staged, then fail.
    const { code, message } = failureCode(err);
    await compensate(saga, request, plan);
    return hooks.finish('failed', `${code}: ${message}`, { code });
  }
}

async function compensate(saga: Saga, request: RemediationRequestV1, plan: ChangePlan): Promise<void> {
  await saga.compensate(async (c) => {
    await ledger.recordEvidence({
      type: 'remediation.compensation',
      subject: { workflow_id: request.id, host: plan.host, service: plan.service },
      payload: c,
      step: `compensation:${c.name}`,
    });
  });
}

async function changeStages(
  request: RemediationRequestV1,
  plan: ChangePlan,
  hooks: PipelineHooks,
  saga: Saga,
): Promise<never> {
  const record = async (stage: PipelineStage, status: 'succeeded' | 'failed', detail: Detail) => {
    await hooks.control.recordStage({
      remediationId: request.id,
      stage,
      request,
      result: { status, detail },
    });
    hooks.end(stage, status);
  };
  const stop = async (outcome: RemediationOutcome, explanation: string, extra: PipelineFinish = {}) => {
    await compensate(saga, request, plan);
    return hooks.finish(outcome, explanation, extra);
  };
  let n = 0;
  const step = async (deploy: string, extra: Detail = {}) => {
    n++;
    const r = (await executeChild('runnerActionWorkflow', {
      workflowId: `${workflowInfo().workflowId}:${deploy}:${n}`,
      args: [
        {
          fields: {
            kind: 'deploy',
            host: plan.host,
            service: plan.service,
            deploy,
            remediation_id: request.id,
            ...extra,
          } as RunnerActionInput['fields'],
          hostQueue: `hale.runner.${plan.os}.${plan.host}`,
        } satisfies RunnerActionInput,
      ],
    })) as RunnerActionWorkflowResult;
    const result = (r.result?.result ?? {}) as { status?: string; detail?: Detail };
    return {
      outcome: r.outcome,
      code: r.code,
      message: r.message,
      status: result.status,
      detail: result.detail ?? {},
    };
  };

  // L1: file-level votes on the lockfile and the bundle's files.
  hooks.begin('L1.vote');
  const l1: L1ConsensusResultV1 = await pipeline.voteL1({ request, plan });
  hooks.setVotes('L1', l1.votes, l1.outcome);
  const l1ok = l1.outcome === 'accepted';
  await record('L1.vote', l1ok ? 'succeeded' : 'failed', { result: l1 });
  if (!l1ok)
    return stop('failed', `L1.vote ${l1.outcome}: ${l1.summary ?? ''}${notAccepted(l1.votes)}`, {
      code: `L1_${l1.outcome.toUpperCase()}`,
    });

  // L2: stage green in quarantine, let the runner measure it, judge here.
  hooks.begin('L2.vote');
  const staged = await step('stage', {
    lockfile: { format: 'requirements', content: plan.lockfile.content },
  });
  if (staged.outcome !== 'done' || staged.status !== 'staged') {
    const error = (staged.detail.error ?? {}) as { code?: string; message?: string };
    const code = error.code ?? staged.code ?? 'DEPLOY_STAGE_FAILED';
    await record('L2.vote', 'failed', { staging: staged.detail, code });
    return stop(
      staged.status === 'deferred' ? 'deferred' : 'failed',
      `L2.vote: staging green failed: ${code}: ${error.message ?? staged.message ?? staged.status}`,
      { code },
    );
  }
  saga.push('abort green', async () => {
    const r = await step('abort');
    if (r.outcome !== 'done') throw new Error(`abort: ${r.code ?? r.outcome}: ${r.message ?? ''}`);
  });
  const verified = await step('verify', { verify: plan.deploy.verify });
  const verify =
    verified.outcome === 'done' && verified.status === 'done' ? (verified.detail as VerifyReport) : null;
  const l2: L2ConsensusResultV1 = await pipeline.voteL2({ request, plan, l1ResultId: l1.id, verify });
  hooks.setVotes('L2', l2.votes, l2.outcome);
  const l2ok = l2.outcome === 'accepted';
  await record('L2.vote', l2ok ? 'succeeded' : 'failed', {
    result: l2,
    verify: verify ?? { error: verified.message ?? verified.code },
  });
  if (!l2ok)
    return stop('failed', `L2.vote ${l2.outcome}: ${l2.summary ?? ''}${notAccepted(l2.votes)}`, {
      code: `L2_${l2.outcome.toUpperCase()}`,
    });

  // Sandbox preflight: the offline install ran in the sandbox when green was staged; the tests ran there too.
  hooks.begin('Sandbox.run');
  await record('Sandbox.run', 'succeeded', {
    preflight: request.preflight,
    install: {
      offline: true,
      sandbox: staged.detail.sandbox ?? null,
      environment: staged.detail.green_env ?? null,
    },
    tests: verify?.tests ?? null,
  });

  // Governance: hard stop on a violation; read-only on the emergency cache.
  hooks.begin('Governance.validate');
  let gov: GovernanceOutcome;
  try {
    gov = await pipeline.validateGovernance({ request, plan });
  } catch (err) {
    const { code, message } = failureCode(err);
    await record('Governance.validate', 'failed', { code, message });
    return stop('deferred', `Governance.validate: ${code}: ${message}`, { code });
  }
  if (gov.emergency) {
    const ratification = `${request.id}:ratification`;
    await startChild('ratificationWorkflow', {
      workflowId: ratification,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          remediationId: request.id,
          decision: gov.decision,
          reason: gov.fallback?.message ?? 'governance unavailable',
        },
      ],
    });
    await record('Governance.validate', 'failed', { ...gov, read_only: true, ratification });
    return stop(
      'deferred',
      `Governance.validate: live governance unavailable (${gov.fallback?.code ?? 'unknown'}); ran read-only on the emergency policy cache, so the change was not applied; ratification task ${ratification} opened`,
      { code: 'GOVERNANCE_READ_ONLY' },
    );
  }
  if (!gov.allow) {
    await record('Governance.validate', 'failed', gov as unknown as Detail);
    return stop('failed', `Governance.validate: policy violation: ${gov.deny.join('; ')}`, {
      code: 'POLICY_VIOLATION',
    });
  }
  await record('Governance.validate', 'succeeded', gov as unknown as Detail);

  // Deploy: the child owns green from here (its saga aborts or rolls back).
  hooks.begin('Deploy');
  saga.pop('abort green');
  const input: BlueGreenDeployInput = {
    remediationId: request.id,
    os: plan.os,
    host: plan.host,
    service: plan.service,
    lockfile: { format: 'requirements', content: plan.lockfile.content },
    shadow: plan.deploy.shadow,
    watch: plan.deploy.watch,
    ...(plan.deploy.approvalTimeoutMs ? { approval: { timeoutMs: plan.deploy.approvalTimeoutMs } } : {}),
    armedWindowMs: plan.deploy.armedWindowMs,
    prestaged: true,
  };
  const deploy = (await executeChild('blueGreenDeployWorkflow', {
    workflowId: `${request.id}:deploy`,
    args: [input],
  })) as BlueGreenDeployResult;
  const promoted = deploy.timeline.promoted !== undefined;
  await pipeline.countDeployment({
    service: plan.service,
    promoted,
    rolledBack: deploy.outcome === 'rolled_back',
    ...(deploy.code ? { code: deploy.code } : {}),
  });
  await record('Deploy', promoted ? 'succeeded' : 'failed', {
    deployment: `${request.id}:deploy`,
    shadow: deploy.shadow ?? null,
    ...(promoted
      ? { promoted_at: deploy.timeline.promoted }
      : { code: deploy.code, reasons: deploy.reasons }),
    compensations: promoted ? [] : deploy.compensations,
  });
  if (!promoted) {
    return hooks.finish(
      deploy.outcome === 'deferred' ? 'deferred' : 'failed',
      `Deploy: ${deploy.code}: ${deploy.reasons.join('; ')}`,
      {
        code: deploy.code,
      },
    );
  }
  hooks.begin('watch');
  const rolledBack = deploy.outcome === 'rolled_back';
  await record('watch', deploy.outcome === 'success' ? 'succeeded' : 'failed', {
    burn: deploy.burn ?? null,
    rollback: deploy.rollback ?? null,
    compensations: deploy.compensations,
  });
  if (rolledBack)
    return hooks.finish(
      'rolled_back',
      `watch: ${deploy.code}: ${deploy.reasons.join('; ')}; traffic back on blue`,
      {
        code: deploy.code,
        rollback: deploy.rollback,
      },
    );
  if (deploy.outcome !== 'success')
    return hooks.finish('failed', `Deploy: ${deploy.code}: ${deploy.reasons.join('; ')}`, {
      code: deploy.code,
    });
  hooks.begin('commit');
  await record('commit', 'succeeded', { committed: true, finished_at: deploy.timeline.finished });
  return hooks.finish('success', `${plan.service}: ${plan.artifact.version} promoted, watched and committed`);
}
