import type { FastifyInstance } from 'fastify';
import { ContractError, validateContract } from '../../lib/contracts';
import type { RemediationRequestV1 } from '../../schemas/types.generated';
import { ApiError } from '../errors';
import { describeRemediation } from '../remediations/describe';
import { submitRemediation, type SubmitDeps } from '../remediations/submit';

export interface RemediationRouteDeps extends SubmitDeps {
  uiUrl?: string;
  namespace: string;
  onStarted?: (created: boolean) => void;
}

function validateRequest(body: unknown): RemediationRequestV1 {
  try {
    return validateContract('remediation.request.v1', body);
  } catch (err) {
    if (err instanceof ContractError) {
      const pointer = typeof err.details.pointer === 'string' ? err.details.pointer : undefined;
      throw new ApiError(400, 'INVALID_REQUEST', err.message, pointer);
    }
    throw err;
  }
}

/** POST /api/v1/remediations and GET /api/v1/remediations/:id. */
export function registerRemediationRoutes(app: FastifyInstance, deps: RemediationRouteDeps): void {
  app.post('/api/v1/remediations', async (request, reply) => {
    const body = validateRequest(request.body);
    const result = await submitRemediation(deps, body);
    deps.onStarted?.(result.created);
    const links: Record<string, string> = { self: `/api/v1/remediations/${encodeURIComponent(result.id)}` };
    if (deps.uiUrl) {
      links.temporal_ui = `${deps.uiUrl}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(result.workflowId)}`;
    }
    return reply.status(result.created ? 201 : 200).send({ ...result, links });
  });

  app.get<{ Params: { id: string } }>('/api/v1/remediations/:id', async (request) => {
    return describeRemediation(deps, request.params.id);
  });
}
