// The whole pipeline on the demo's site (moved to a temp dir on free ports): `hale demo`'s stack in
// this process, a signed request through the API, admission → L1 → L2 (stage + verify on the runner)
// → governance → blue/green. Measures request accepted (HTTP 201) → promotion (the deployment's
// promoted_at, workflow clock) for a good version, and burn → blue for the bad one, under live traffic.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const pino = require('pino');
const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const { loadConfig } = require(path.join(dist, 'lib/config'));
const { freePort } = require(path.join(dist, 'lib/net'));
const { ensureDemoRequester } = require(path.join(dist, 'cli/demo-requester'));
const { demoChangeRequest } = require(path.join(dist, 'cli/demo-scenario'));
const { prepareDemoSite, relocatedDemoConfig } = require(path.join(dist, 'cli/demo-site'));
const { startLiveTraffic } = require(path.join(dist, 'cli/demo-traffic'));
const { apiRequest } = require(path.join(dist, 'cli/http'));
const { startStack } = require(path.join(dist, 'cli/stack'));

async function measureEndToEnd(say) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-bench-e2e-'));
  const file = relocatedDemoConfig(dir, {
    router: await freePort(),
    slotA: await freePort(),
    slotB: await freePort(),
  });
  const env = {
    HALE_API_PORT: String(await freePort()),
    HALE_TEMPORAL_PORT: String(await freePort()),
    HALE_TEMPORAL_UI_PORT: String(await freePort()),
  };
  const config = loadConfig({ path: file, env });
  const requesterKeyPem = ensureDemoRequester(config);
  const site = await prepareDemoSite(config, { say: () => undefined });
  const log = pino({ level: 'silent' });
  const stack = await startStack({ config, log, onProgress: () => undefined });
  const router = stack.routers.find((r) => r.service === site.service);
  const traffic = startLiveTraffic(router.url, 10);
  const ctx = { site, hostId: config.hostId, requesterKeyPem };
  const run = async (id, to, from) => {
    const request = demoChangeRequest(ctx, id, to, from);
    const t0 = Date.now();
    const res = await apiRequest(stack.apiUrl, 'POST', '/api/v1/remediations', request);
    if (res.status !== 201) throw new Error(`submit ${id}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    const result = await stack.client.workflow.getHandle(id).result();
    const view = (await apiRequest(stack.apiUrl, 'GET', `/api/v1/remediations/${id}`)).body;
    const deploy = view.stages.find((s) => s.stage === 'Deploy');
    const detail = typeof deploy?.detail === 'string' ? JSON.parse(deploy.detail) : deploy?.detail;
    return { result, accepted: t0, promotedAt: detail?.promoted_at ? Date.parse(detail.promoted_at) : null };
  };
  try {
    const good = await run(`bench-e2e-good-${Date.now().toString(36)}`, '1.1.0', '1.0.0');
    if (good.result.status !== 'success' || good.promotedAt === null)
      throw new Error(`good version: ${good.result.status}: ${good.result.explanation}`);
    const toPromotion = (good.promotedAt - good.accepted) / 1000;
    say(`full pipeline: request accepted → promotion ${toPromotion.toFixed(2)} s`);
    const bad = await run(`bench-e2e-bad-${Date.now().toString(36)}`, '1.2.0', '1.1.0');
    if (bad.result.status !== 'rolled_back')
      throw new Error(`bad version: ${bad.result.status}: ${bad.result.explanation}`);
    say(`full pipeline: burn → blue ${bad.result.metrics.burn_to_blue_s.toFixed(3)} s`);
    return {
      request_to_promotion_s: Math.round(toPromotion * 1000) / 1000,
      burn_to_blue_s: Math.round(bad.result.metrics.burn_to_blue_s * 1000) / 1000,
      stages_ms: Object.fromEntries(good.result.stages.map((s) => [s.stage, s.at])),
    };
  } finally {
    await traffic.stop();
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { measureEndToEnd };
