import { ApplicationFailure } from '@temporalio/activity';
import { PolicyError, type OpenedGovernance } from '../../lib/policy';
import type { RemediationRequestV1 } from '../../schemas/types.generated';
import type { ChangePlan, GovernanceOutcome } from './types';

export interface GovernanceDeps {
  /** Opens governance: the live bundle verified, else the emergency cache (lib/policy openGovernance). */
  open: () => Promise<OpenedGovernance>;
  /** The policy data's environment of this site (hale.yaml pipeline.governance.environment). */
  environment: string;
  /** Data class of a service (default internal) and region of a host (default local). */
  dataClassOf?: (service: string) => string;
  regionOf?: (host: string) => string;
  /** How many hosts run a service (blast radius). */
  totalHostsOf?: (service: string) => number;
  now?: () => Date;
}

/** The action the request asks governance about: a rollback is read-only, anything else changes. */
export function governanceAction(request: RemediationRequestV1): 'rollback' | 'apply_patch' {
  return request.ops.every((op) => op === 'rollback') ? 'rollback' : 'apply_patch';
}

/**
 * Governance.validate: the request as governance.input.v1, evaluated by the verified policy bundle
 * in-process. When live governance is unavailable the emergency cache decides (read-only: changes
 * are denied) and `emergency` + `fallback` say so; with neither, POLICY_UNAVAILABLE (not retried).
 */
export function createGovernanceActivities(deps: GovernanceDeps) {
  return {
    async validateGovernance(input: {
      request: RemediationRequestV1;
      plan: ChangePlan;
    }): Promise<GovernanceOutcome> {
      const { request, plan } = input;
      let opened: OpenedGovernance;
      try {
        opened = await deps.open();
      } catch (err) {
        if (err instanceof PolicyError) throw ApplicationFailure.nonRetryable(err.message, err.code);
        throw err;
      }
      const region = deps.regionOf?.(plan.host) ?? 'local';
      const now = (deps.now ?? (() => new Date()))()
        .toISOString()
        .replace(/\.\d+Z$/, 'Z');
      const governanceInput = {
        now,
        request_id: request.id,
        environment: deps.environment,
        action: governanceAction(request),
        intent: 'launch',
        actor: { id: 'hale-pipeline', roles: ['hale-pipeline'] },
        ...(request.requested_by ? { requested_by: request.requested_by } : {}),
        service: {
          name: plan.service,
          data_class: deps.dataClassOf?.(plan.service) ?? 'internal',
          total_hosts: deps.totalHostsOf?.(plan.service) ?? 1,
        },
        targets: [{ host: plan.host, region }],
        artifact: {
          ref: plan.artifact.ref,
          digest: `sha256:${plan.artifact.sha256}`,
          region,
          signature_verified: true,
        },
        rollback: { artifact_ref: plan.rollback.ref, region, staged: true, signature_verified: true },
        change: { disables_ledger: false },
      };
      let decision;
      try {
        decision = opened.evaluator.evaluate(governanceInput);
      } catch (err) {
        if (err instanceof PolicyError) throw ApplicationFailure.nonRetryable(err.message, err.code);
        throw err;
      }
      return {
        allow: decision.allow,
        emergency: decision.emergency,
        deny: decision.deny.map((d) => `${d.rule}: ${d.message}`),
        ...(opened.fallback ? { fallback: opened.fallback } : {}),
        decision: { input: governanceInput, ...decision } as unknown as Record<string, unknown>,
      };
    },
  };
}

export type GovernanceActivities = ReturnType<typeof createGovernanceActivities>;
