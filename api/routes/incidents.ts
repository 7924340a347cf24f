import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../../lib/db';
import { formatTimeline, incidentTimeline } from '../../lib/ledger';
import { ApiError } from '../errors';

/** GET /api/v1/incidents/:id/timeline — JSON, or text with ?format=text. */
export function registerIncidentRoutes(app: FastifyInstance, deps: { db: Queryable }): void {
  app.get<{ Params: { id: string }; Querystring: { format?: string } }>(
    '/api/v1/incidents/:id/timeline',
    async (request, reply) => {
      const { id } = request.params;
      if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(id))
        throw new ApiError(400, 'INVALID_ID', 'incident id must be 1-128 of [A-Za-z0-9._:-]', 'id');
      const format = request.query.format ?? 'json';
      if (format !== 'json' && format !== 'text')
        throw new ApiError(400, 'INVALID_FORMAT', 'format must be json or text', 'format');
      const timeline = await incidentTimeline(deps.db, id);
      if (timeline.entries.length === 0 && timeline.loose_annotations.length === 0) {
        throw new ApiError(404, 'NOT_FOUND', `no evidence for incident ${id}`, 'id');
      }
      if (format === 'text')
        return reply.type('text/plain; charset=utf-8').send(`${formatTimeline(timeline)}\n`);
      return timeline;
    },
  );
}
