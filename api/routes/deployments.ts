import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { rollbackDeployment } from '../deployments/rollback';

/** POST /api/v1/deployments/:id/rollback — back to blue within the armed window ({ actor, reason }). */
export function registerDeploymentRoutes(app: FastifyInstance, deps: { client: Client }): void {
  app.post<{ Params: { id: string } }>('/api/v1/deployments/:id/rollback', async (request) =>
    rollbackDeployment(deps.client, request.params.id, request.body),
  );
}
