import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import { validateContract } from '../../lib/contracts';
import { createL1Voters, l1Consensus, validateL1Config, type L1Config, type OsvSnapshot } from '../../lib/l1';
import { complianceVote } from '../../lib/l2/compliance';
import {
  perfBudgetFinding,
  perfBudgetVote,
  DEFAULT_PERF_BUDGET,
  type PerfBudget,
} from '../../lib/l2/perf-budget';
import type { LoadStats } from '../../lib/load';
import type { RouterFaultResult } from '../../runner-agents/linux/blue-green';
import type { HaleMetrics } from '../../lib/telemetry/metrics';
import { decideQuorum, type QuorumConfig, type QuorumTally, type Vote } from '../../lib/voting';
import type {
  L1ConsensusResultV1,
  L2ConsensusResultV1,
  RemediationRequestV1,
} from '../../schemas/types.generated';
import type { ChangePlan } from './types';

export interface VoteDeps {
  store?: () => Promise<ArtifactStore>;
  l1?: L1Config;
  /** The offline vulnerability snapshot (absent: the security voter reports it could not scan). */
  osv?: () => Promise<OsvSnapshot>;
  bandit?: string | (() => Promise<string>);
  perfBudget?: PerfBudget;
  metrics?: HaleMetrics;
}

/** What the runner's `verify` step measured (the runner only measures; this side judges). */
export interface VerifyReport {
  tests?: { ran: boolean; ok: boolean; exit_code: number | null; duration_ms: number; output_tail: string };
  load?: { baseline: LoadStats; candidate: LoadStats };
  chaos?: { kind: 'restart'; ok: boolean; recovery_ms: number | null; requests: number; failed: number };
  fault?: RouterFaultResult;
}

/** L2: every vote cast must accept (a check not configured abstains); compliance can veto. */
export function l2Quorum(votes: readonly Vote[]): QuorumConfig {
  return { rule: 'unanimous', n: votes.length, veto: ['l2:compliance'] };
}

/** The tally in l2.consensus.result.v1's shape (which has no `n` / `k`). */
function l2Tally(q: QuorumTally): L2ConsensusResultV1['quorum'] {
  const { rule, needed, cast, accepts, rejects, abstains, vetoes, met } = q;
  return {
    rule: rule as L2ConsensusResultV1['quorum']['rule'],
    needed,
    cast,
    accepts,
    rejects,
    abstains,
    vetoes,
    met,
  };
}

type Agreement = Map<string, { n: number; agreed: number }>;

/** trust_score{component}: the share of a voter's votes that agreed with the outcome (this worker's). */
function recordTrust(
  agree: Agreement,
  metrics: HaleMetrics | undefined,
  votes: Vote[],
  accepted: boolean,
): void {
  for (const v of votes) {
    if (v.verdict === 'abstain') continue;
    const a = agree.get(v.voter) ?? { n: 0, agreed: 0 };
    a.n++;
    if ((v.verdict === 'accept') === accepted) a.agreed++;
    agree.set(v.voter, a);
    metrics?.trustScore.set({ component: v.voter }, a.agreed / a.n);
  }
}

function testsVote(r: VerifyReport['tests']): Vote {
  const base = { voter: 'l2:integration-tests', evidence_refs: [] as string[] };
  if (!r || !r.ran)
    return { ...base, verdict: 'abstain', reasons: ['the service has no integration tests configured'] };
  const tail = r.output_tail.trim().split('\n').slice(-3).join(' | ').slice(0, 900);
  return r.ok
    ? {
        ...base,
        verdict: 'accept',
        reasons: [`integration tests passed in the sandbox in ${r.duration_ms} ms`],
      }
    : {
        ...base,
        verdict: 'reject',
        reasons: [
          `integration tests failed (exit ${r.exit_code ?? 'none'}) in the sandbox`,
          tail || 'no output',
        ],
      };
}

function restartFinding(r: VerifyReport['chaos']): { ok: boolean; reason: string } {
  if (!r) return { ok: false, reason: 'inconclusive: no restart probe result' };
  return r.ok
    ? {
        ok: true,
        reason: `restart under load: recovered in ${r.recovery_ms} ms (${r.failed}/${r.requests} requests failed meanwhile)`,
      }
    : { ok: false, reason: `restart under load: green did not recover (${r.failed}/${r.requests} failed)` };
}

/**
 * The router fault probe passes when green's injected fault stayed off the live path (no errors,
 * p95 below the injected latency), the shadow comparison noticed it (refusals or mismatches, and
 * the latency), and green answered every mirrored request once it was cleared. Missing samples in
 * any phase are inconclusive, which rejects.
 */
export function faultFinding(r: RouterFaultResult | undefined): { ok: boolean; reason: string } {
  if (!r) return { ok: false, reason: 'inconclusive: no router fault probe result' };
  const what = `router fault on green (+${r.fault.latency_ms} ms, ${Math.round(r.fault.error_rate * 100)} % refused)`;
  if (r.error)
    return { ok: false, reason: `${what}: the probe did not finish: ${r.error.code}: ${r.error.message}` };
  if (r.live.sent === 0 || r.during.samples === 0 || r.after.samples === 0)
    return {
      ok: false,
      reason: `${what}: inconclusive: ${r.live.sent} live requests, ${r.during.samples} compared during, ${r.after.samples} after (are the verify paths mirrored? hale.yaml blue_green.shadow)`,
    };
  if (r.live.errors > 0)
    return { ok: false, reason: `${what}: reached live clients: ${r.live.errors}/${r.live.sent} failed` };
  if (r.live.p95_ms === null || r.live.p95_ms >= r.fault.latency_ms)
    return { ok: false, reason: `${what}: live p95 ${r.live.p95_ms} ms: the mirror is on the clients' path` };
  const noticed = r.during.green_errors + r.during.status_mismatches;
  const slowSeen = (r.during.green_p95_ms ?? 0) >= r.fault.latency_ms;
  if (noticed === 0 || !slowSeen)
    return {
      ok: false,
      reason: `${what}: the shadow comparison did not notice (${noticed}/${r.during.samples} flagged, green p95 ${r.during.green_p95_ms} ms)`,
    };
  const after = r.after.green_errors + r.after.status_mismatches;
  if (after > 0)
    return {
      ok: false,
      reason: `${what}: green did not recover: ${after}/${r.after.samples} mirrored requests still failed or differed in status after the fault was cleared`,
    };
  return {
    ok: true,
    reason: `${what}: live clients unaffected (${r.live.sent} requests, p95 ${r.live.p95_ms} ms); the comparison flagged ${noticed}/${r.during.samples}; green recovered (${r.after.samples} compared clean)`,
  };
}

/** l2:chaos: a restart under load and the router fault probe; both must pass. */
function chaosVote(report: VerifyReport | null | undefined): Vote {
  const findings = [restartFinding(report?.chaos), faultFinding(report?.fault)];
  const ok = findings.every((f) => f.ok);
  const reasons = [...findings.filter((f) => !f.ok), ...findings.filter((f) => f.ok)].map((f) => f.reason);
  return { voter: 'l2:chaos', verdict: ok ? 'accept' : 'reject', reasons, evidence_refs: [] };
}

/** The L1 and L2 votes of the pipeline, as control-worker activities. */
export function createVoteActivities(deps: VoteDeps) {
  const l1Config = deps.l1 ?? validateL1Config({});
  const counts = { votes: 0, accepts: 0 };
  const agree: Agreement = new Map();
  return {
    async voteL1(input: { request: RemediationRequestV1; plan: ChangePlan }): Promise<L1ConsensusResultV1> {
      const { request, plan } = input;
      const voters = createL1Voters(l1Config, {
        ...(deps.osv ? { osv: deps.osv } : {}),
        ...(deps.bandit ? { bandit: deps.bandit } : {}),
      });
      let result: L1ConsensusResultV1;
      try {
        result = await l1Consensus(
          {
            request_id: request.id,
            artifact_digest: request.sign.digest,
            service: plan.service,
            lockfile: {
              file_name: plan.lockfile.file_name,
              new: plan.lockfile.content,
              ...(plan.lockfile.previous !== undefined ? { old: plan.lockfile.previous } : {}),
            },
            files: plan.files,
          },
          { voters, quorum: l1Config.quorum, timeout_ms: l1Config.timeout_ms },
        );
      } catch (err) {
        throw ApplicationFailure.nonRetryable((err as Error).message, 'L1_INPUT_INVALID');
      }
      const accepted = result.outcome === 'accepted';
      counts.votes++;
      if (accepted) counts.accepts++;
      deps.metrics?.l1AcceptRatio.set(counts.accepts / counts.votes);
      recordTrust(agree, deps.metrics, result.votes as Vote[], accepted);
      return result;
    },

    /** deploy_promotions_total / deploy_rollbacks_total{reason} after a deployment ends. */
    async countDeployment(input: {
      service: string;
      promoted: boolean;
      rolledBack: boolean;
      code?: string;
    }): Promise<void> {
      if (input.promoted) deps.metrics?.deployPromotions.inc({ service: input.service });
      if (input.rolledBack)
        deps.metrics?.deployRollbacks.inc({ service: input.service, reason: input.code ?? 'unknown' });
    },

    async voteL2(input: {
      request: RemediationRequestV1;
      plan: ChangePlan;
      l1ResultId: string;
      verify: VerifyReport | null;
    }): Promise<L2ConsensusResultV1> {
      const { request, plan, verify } = input;
      const votes: Vote[] = [];
      if (deps.store) votes.push(complianceVote(await deps.store(), plan.packages));
      else
        votes.push({
          voter: 'l2:compliance',
          verdict: 'reject',
          reasons: ['no artifact store to read SBOMs from'],
          evidence_refs: [],
        });
      votes.push(testsVote(verify?.tests));
      if (verify?.load) {
        const finding = perfBudgetFinding(
          verify.load.baseline,
          verify.load.candidate,
          plan.deploy.perfBudget ?? deps.perfBudget ?? DEFAULT_PERF_BUDGET,
        );
        votes.push(perfBudgetVote(finding));
      } else {
        votes.push({
          voter: 'l2:perf-budget',
          verdict: 'reject',
          reasons: ['inconclusive: no load measured'],
          evidence_refs: [],
        });
      }
      votes.push(chaosVote(verify));
      const decision = decideQuorum(votes, l2Quorum(votes));
      const accepted = decision.outcome === 'accepted';
      recordTrust(agree, deps.metrics, votes, accepted);
      return validateContract('l2.consensus.result.v1', {
        id: randomUUID(),
        request_id: request.id,
        artifact_digest: request.sign.digest,
        l1_result_id: input.l1ResultId,
        decided_at: new Date().toISOString(),
        votes,
        quorum: l2Tally(decision.quorum),
        outcome: decision.outcome,
        summary: `${plan.service}: ${decision.summary}`.slice(0, 2000),
      });
    },
  };
}

export type VoteActivities = ReturnType<typeof createVoteActivities>;
