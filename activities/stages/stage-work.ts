import type { PipelineStage } from '../../workflows/definitions';
import type { RemediationRequestV1 } from '../../schemas/types.generated';
import { requestDigest } from '../../lib/signing';

export type StageWorkCode = 'DIGEST_MISMATCH' | 'OP_NOT_ALLOWED' | 'ARTIFACT_REF_INVALID';

export class StageWorkError extends Error {
  constructor(
    readonly code: StageWorkCode,
    message: string,
  ) {
    super(message);
    this.name = 'StageWorkError';
  }
}

/**
 * What each stage does in this first version of the pipeline: small, deterministic checks over
 * the request, returning the facts recorded for that stage. Later issues replace each with the
 * real detector, RCA, voters, sandbox, governance and deploy.
 */
export function stageWork(
  stage: PipelineStage,
  request: RemediationRequestV1,
  runner?: unknown,
): Record<string, unknown> {
  switch (stage) {
    case 'AVN.detect':
      return {
        incident_id: request.incident_id ?? null,
        trigger: request.incident_id ? 'incident' : 'manual request',
      };
    case 'RCA.infer':
      return { hypotheses: [], note: 'RCA arrives with the RCA issue; the request names its own fix' };
    case 'plan': {
      const expected = requestDigest(request as unknown as Record<string, unknown>);
      if (request.sign.digest !== expected) {
        throw new StageWorkError(
          'DIGEST_MISMATCH',
          `sign.digest ${request.sign.digest} does not match the request (${expected})`,
        );
      }
      return { ops: request.ops, artifact_ref: request.artifact_ref, digest: expected };
    }
    case 'L1.vote': {
      const refs = [request.artifact_ref, request.rollback.artifact];
      const bad = refs.find((ref) => ref.split('/').includes('..'));
      if (bad) throw new StageWorkError('ARTIFACT_REF_INVALID', `${bad} escapes the artifact store`);
      return {
        votes: [{ voter: 'rules', verdict: 'accept', reasons: ['ops and artifact refs well-formed'] }],
      };
    }
    case 'L2.vote':
      return {
        votes: [{ voter: 'compliance', verdict: 'accept', reasons: ['no subsystem checks configured yet'] }],
      };
    case 'Sandbox.run':
      return { preflight: request.preflight, runner: runner ?? null };
    case 'Governance.validate': {
      const denied = request.ops.filter(
        (op) => !/^(apply_patch|rollback|restart:[a-z0-9][a-z0-9._-]*)$/.test(op),
      );
      if (denied.length > 0)
        throw new StageWorkError('OP_NOT_ALLOWED', `ops not allowed by policy: ${denied.join(', ')}`);
      return { policy: 'builtin-v0', allowed_ops: request.ops };
    }
    case 'Deploy':
      return { runner: runner ?? null };
    case 'watch':
      return { slo_burn: 'none observed' };
    case 'commit':
      return { committed: true };
  }
}
