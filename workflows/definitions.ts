/**
 * Names shared by workflows, workers, the API, the CLI and tests. Everything here is a wire
 * contract: renaming a stage, query or queue breaks running workflows.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** Pipeline stages in order (names also used for OpenTelemetry spans and the HaleStage attribute). */
export const PIPELINE_STAGES = [
  'AVN.detect',
  'RCA.infer',
  'plan',
  'L1.vote',
  'L2.vote',
  'Sandbox.run',
  'Governance.validate',
  'Deploy',
  'watch',
  'commit',
] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Stages whose work runs on the target host's runner worker. */
export const RUNNER_STAGES: readonly PipelineStage[] = ['Sandbox.run', 'Deploy'];

export type RemediationOutcome = 'success' | 'failed' | 'rolled_back' | 'deferred';
/** Vocabulary of runner.result.v1 `stages[].status`. */
export type StageStatus = 'started' | 'succeeded' | 'failed' | 'skipped';

export interface StageRecord {
  stage: PipelineStage;
  status: StageStatus;
  at: string;
}

export interface RemediationStatus {
  id: string;
  stage: PipelineStage | 'queued' | 'finished';
  outcome: RemediationOutcome | null;
  stages: StageRecord[];
  /** Who signed the request (pipeline v2). */
  signer?: { status: 'signed' | 'digest-only'; key_id?: string };
  /** The L1 / L2 votes once cast (pipeline v2). */
  votes?: Partial<Record<'L1' | 'L2', { outcome: string; votes: unknown[] }>>;
}

export const statusQuery = defineQuery<RemediationStatus>('hale.remediation.status');

export const CONTROL_TASK_QUEUE = 'hale.control';
export type HostOs = 'linux' | 'windows' | 'macos';
export const runnerTaskQueue = (os: HostOs): string => `hale.runner.${os}`;
export const hostTaskQueue = (os: HostOs, hostId: string): string => `hale.runner.${os}.${hostId}`;

/** Maps Node's process.platform to Hale's OS names. */
export function hostOsOf(platform: string): HostOs {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'macos';
  return 'linux';
}

/** Who decides a gated step, and why (the actor is recorded on the ledger with the decision). */
export interface GateDecisionInput {
  /** User or service identity: `[a-z0-9][a-z0-9._@:-]*`, at most 128 characters. */
  actor: string;
  reason?: string;
}

export interface GateState {
  gate: string;
  opened_at: string;
  /** Until then the gate waits; afterwards it ends `expired`. */
  deadline: string;
  decided: { decision: 'approved' | 'vetoed'; actor: string; reason?: string; at: string } | null;
}

/** Approve / veto a gated step (a Temporal Update with a validator: a bad actor or a second decision is rejected). */
export const approveUpdate = defineUpdate<GateState, [GateDecisionInput]>('hale.gate.approve');
export const vetoUpdate = defineUpdate<GateState, [GateDecisionInput]>('hale.gate.veto');
/** The gate a workflow is waiting on, if any. */
export const gateQuery = defineQuery<GateState | null>('hale.gate.state');

/** Within the armed window after promotion: roll back to the previous (still warm) release, one call. */
export const rollbackUpdate = defineUpdate<{ accepted: true; actor: string }, [GateDecisionInput]>(
  'hale.deploy.rollback',
);
