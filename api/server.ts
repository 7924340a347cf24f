import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { errorBody, makeErrorHandler } from './errors';
import { registerDeploymentRoutes } from './routes/deployments';
import { registerHealthRoutes, type ReadinessCheck } from './routes/health';
import { registerIncidentRoutes } from './routes/incidents';
import { registerRemediationRoutes, type RemediationRouteDeps } from './routes/remediations';

export interface ApiOptions extends RemediationRouteDeps {
  log: Logger;
  registry: Registry;
  checks: ReadinessCheck[];
  /** Largest accepted request body in bytes (default 256 KiB). */
  bodyLimit?: number;
  onRequest?: (method: string, route: string, status: number, seconds: number) => void;
}

/** Builds the HTTP API (not listening yet). */
export function buildApi(opts: ApiOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit ?? 256 * 1024 });
  app.setErrorHandler(makeErrorHandler(opts.log));
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url}`));
  });
  app.addHook('onResponse', async (request, reply) => {
    opts.onRequest?.(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  registerHealthRoutes(app, { checks: opts.checks, registry: opts.registry });
  registerRemediationRoutes(app, opts);
  registerIncidentRoutes(app, opts);
  registerDeploymentRoutes(app, opts);
  return app;
}
