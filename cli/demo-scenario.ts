import type { Client } from '@temporalio/client';
import type { RemediationView } from '../api';
import type { Db } from '../lib/db';
import { verifyLedger } from '../lib/ledger';
import { signRequest, withRequestDigest } from '../lib/signing';
import type { RemediationRequestV1, RunnerResultV1 } from '../schemas/types.generated';
import { PIPELINE_STAGES } from '../workflows/definitions';
import type { DemoSite } from './demo-site';
import { startLiveTraffic } from './demo-traffic';
import { apiRequest } from './http';

export interface ScenarioCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DemoContext {
  apiUrl: string;
  client: Client;
  db: Db;
  site: DemoSite;
  /** The service's public address (its traffic router). */
  serviceUrl: string;
  hostId: string;
  requesterKeyPem: string;
  say(line: string): void;
  timeoutMs?: number;
}

/**
 * A probe-only request (its artifact is not in the store, its service not deployed blue/green):
 * every stage is recorded, nothing changes. The benchmarks' no-op pipeline and the recorded histories use it.
 */
export function probeRequest(id: string, hostId: string, service: string): RemediationRequestV1 {
  return withRequestDigest({
    id,
    artifact_ref: `local://python/${service}/patch-1.0.1.tar.gz`,
    ops: ['apply_patch', `restart:${service}`],
    preflight: { sandbox: true, tests: ['smoke'] },
    rollback: { artifact: `local://python/${service}/snapshot-1.0.0.tar.gz` },
    service,
    host: hostId,
    os: 'linux',
    reason: 'probe: every stage recorded, nothing changed',
    requested_by: 'hale-bench',
  }) as RemediationRequestV1;
}

/** A signed request moving the demo service from `from` to demo_lib `to` (rollback: back to `from`). */
export function demoChangeRequest(
  ctx: DemoContext,
  id: string,
  to: keyof DemoSite['refs'],
  from: keyof DemoSite['refs'],
) {
  return signRequest(
    {
      id,
      artifact_ref: ctx.site.refs[to],
      ops: ['apply_patch', `restart:${ctx.site.service}`],
      preflight: { sandbox: true, tests: ['integration'] },
      rollback: { artifact: ctx.site.refs[from] },
      service: ctx.site.service,
      host: ctx.hostId,
      os: 'linux',
      reason: `demo: move ${ctx.site.service} to demo_lib ${to}`,
      requested_by: 'hale-demo',
    },
    ctx.requesterKeyPem,
  ) as unknown as RemediationRequestV1;
}

async function served(ctx: DemoContext): Promise<string> {
  const r = await fetch(`${ctx.serviceUrl}/health`);
  return ((await r.json()) as { demo_lib: string }).demo_lib;
}

/** Submits through the API and prints each stage as it lands; returns the view and the result. */
async function follow(ctx: DemoContext, request: RemediationRequestV1) {
  const first = await apiRequest<{ runId: string; error?: unknown }>(
    ctx.apiUrl,
    'POST',
    '/api/v1/remediations',
    request,
  );
  if (first.status !== 201) throw new Error(`submit returned ${first.status}: ${JSON.stringify(first.body)}`);
  ctx.say(`submitted ${request.id} (run ${first.body.runId})`);
  const seen = new Set<string>();
  const deadline = Date.now() + (ctx.timeoutMs ?? 180000);
  let view: RemediationView | undefined;
  while (Date.now() < deadline) {
    view = (await apiRequest<RemediationView>(ctx.apiUrl, 'GET', `/api/v1/remediations/${request.id}`)).body;
    for (const stage of view.stages) {
      if (seen.has(stage.stage)) continue;
      seen.add(stage.stage);
      ctx.say(`  ${stage.status === 'succeeded' ? '✓' : '✗'} ${stage.stage.padEnd(20)} ${stage.recordedAt}`);
    }
    if (view.status !== 'RUNNING') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const result = (await ctx.client.workflow.getHandle(request.id).result()) as RunnerResultV1;
  ctx.say(`  → ${result.status}: ${result.explanation}`);
  return {
    view,
    result,
    again: () => apiRequest<{ runId: string }>(ctx.apiUrl, 'POST', '/api/v1/remediations', request),
    runId: first.body.runId,
  };
}

/**
 * The demo's two paths under live traffic: (a) demo_lib 1.2.0, which fails under sustained load,
 * goes through every gate, burns after promotion and is rolled back to the warm blue; (b) a good
 * version is promoted and committed. Then the evidence ledger is verified end to end.
 */
export async function runPipelineDemo(ctx: DemoContext): Promise<ScenarioCheck[]> {
  const checks: ScenarioCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const traffic = startLiveTraffic(ctx.serviceUrl, 10);
  try {
    const start = (await served(ctx)) as keyof DemoSite['refs'];
    ctx.say(`${ctx.site.service} serves demo_lib ${start} at ${ctx.serviceUrl} (live traffic running)`);
    const stamp = Date.now().toString(36);

    ctx.say(`(a) upgrade to demo_lib 1.2.0 — it fails once it has served 25 orders`);
    const bad = await follow(ctx, demoChangeRequest(ctx, `demo-bad-${stamp}`, '1.2.0', start));
    check(
      '(a) the bad version is rolled back',
      bad.result.status === 'rolled_back',
      `outcome ${bad.result.status}`,
    );
    const back = bad.result.metrics.burn_to_blue_s;
    check(
      '(a) traffic back on blue within 2 s of the burn',
      typeof back === 'number' && back <= 2,
      `burn → blue ${back?.toFixed(3)} s (router switch ${bad.result.metrics.router_switch_ms ?? '?'} ms)`,
    );
    const afterBad = await served(ctx);
    check('(a) blue serves the old version again', afterBad === start, `serving demo_lib ${afterBad}`);

    const good: keyof DemoSite['refs'] = start === '1.1.0' ? '1.0.0' : '1.1.0';
    ctx.say(`(b) upgrade to demo_lib ${good} — a good version`);
    const ok = await follow(ctx, demoChangeRequest(ctx, `demo-good-${stamp}`, good, start));
    check(
      '(b) the good version is promoted and committed',
      ok.result.status === 'success',
      `outcome ${ok.result.status}`,
    );
    const names = ok.view?.stages.map((s) => s.stage) ?? [];
    check(
      '(b) every stage recorded once, in order',
      JSON.stringify(names) === JSON.stringify(PIPELINE_STAGES),
      `${names.length}/${PIPELINE_STAGES.length} stages`,
    );
    const now = await served(ctx);
    check(`(b) the service now serves demo_lib ${good}`, now === good, `serving demo_lib ${now}`);
    const again = await ok.again();
    check(
      'same id again returns the same run',
      again.status === 200 && again.body.runId === ok.runId,
      `HTTP ${again.status}, run ${again.body.runId}`,
    );
  } finally {
    const t = await traffic.stop();
    ctx.say(`live traffic: ${t.posts} orders, ${t.failedPosts} failed`);
  }
  const ledger = await verifyLedger(ctx.db);
  check(
    'evidence ledger verifies (hash chain, signatures, checkpoints)',
    ledger.ok,
    `${ledger.count} entries, ${ledger.checkpoints} checkpoints${ledger.failure ? `, ${JSON.stringify(ledger.failure)}` : ''}`,
  );
  return checks;
}
