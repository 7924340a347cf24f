import { withRequestDigest } from '../lib/signing';
import type { RemediationRequestV1 } from '../schemas/types.generated';
import type { RemediationView } from '../api';
import { PIPELINE_STAGES } from '../workflows/definitions';
import { apiRequest } from './http';

export interface ScenarioCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** The demo's remediation request: restart the demo service with a patch from the local store. */
export function demoRequest(id: string, hostId: string, service: string): RemediationRequestV1 {
  return withRequestDigest({
    id,
    artifact_ref: `local://python/${service}/patch-1.0.1.tar.gz`,
    ops: ['apply_patch', `restart:${service}`],
    preflight: { sandbox: true, tests: ['smoke'] },
    rollback: { artifact: `local://python/${service}/snapshot-1.0.0.tar.gz` },
    service,
    host: hostId,
    os: 'linux',
    reason: 'demo: api_p95_ms above SLO after a dependency bump',
    requested_by: 'hale-demo',
  }) as RemediationRequestV1;
}

/**
 * Submits the request through the API, follows it to the end printing each stage as it lands,
 * then checks what the run must show. Returns the checks.
 */
export async function runDemoScenario(
  apiUrl: string,
  request: RemediationRequestV1,
  print: (line: string) => void,
  timeoutMs = 120000,
): Promise<ScenarioCheck[]> {
  const first = await apiRequest<{ runId: string; links?: { temporal_ui?: string }; error?: unknown }>(
    apiUrl,
    'POST',
    '/api/v1/remediations',
    request,
  );
  if (first.status !== 201) throw new Error(`submit returned ${first.status}: ${JSON.stringify(first.body)}`);
  print(`submitted ${request.id} (run ${first.body.runId})`);
  if (first.body.links?.temporal_ui) print(`Temporal UI: ${first.body.links.temporal_ui}`);
  const seen = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  let view: RemediationView | undefined;
  while (Date.now() < deadline) {
    view = (await apiRequest<RemediationView>(apiUrl, 'GET', `/api/v1/remediations/${request.id}`)).body;
    for (const stage of view.stages) {
      if (seen.has(stage.stage)) continue;
      seen.add(stage.stage);
      print(`  ${stage.status === 'succeeded' ? '✓' : '✗'} ${stage.stage.padEnd(20)} ${stage.recordedAt}`);
    }
    if (view.status !== 'RUNNING') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const again = await apiRequest<{ runId: string }>(apiUrl, 'POST', '/api/v1/remediations', request);
  const stageNames = view?.stages.map((s) => s.stage) ?? [];
  return [
    { name: 'workflow completed', ok: view?.status === 'COMPLETED', detail: `status ${view?.status}` },
    { name: 'outcome is success', ok: view?.outcome === 'success', detail: `outcome ${view?.outcome}` },
    {
      name: 'every stage recorded once, in order',
      ok: JSON.stringify(stageNames) === JSON.stringify(PIPELINE_STAGES),
      detail: `${stageNames.length}/${PIPELINE_STAGES.length} stages`,
    },
    {
      name: 'same id again returns the same run',
      ok: again.status === 200 && again.body.runId === first.body.runId,
      detail: `HTTP ${again.status}, run ${again.body.runId}`,
    },
  ];
}
