import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** /healthz (process alive), /readyz (dependencies reachable, naming the failed ones), /metrics. */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { checks: ReadinessCheck[]; registry: Registry },
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(
      deps.checks.map(async (c) => [c.name, await runCheck(c, 3000)] as const),
    );
    const checks = Object.fromEntries(results);
    const failed = results.filter(([, r]) => !r.ok).map(([name]) => name);
    return reply
      .status(failed.length === 0 ? 200 : 503)
      .send({ status: failed.length === 0 ? 'ready' : 'unready', failed, checks });
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
}
