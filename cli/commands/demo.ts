import path from 'node:path';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/telemetry';
import { checkFlags, parseArgs, stringFlag } from '../args';
import { ensureDemoRequester } from '../demo-requester';
import { runPipelineDemo } from '../demo-scenario';
import { demoConfigFile, prepareDemoSite } from '../demo-site';
import { untilSignal } from '../signals';
import { startStack } from '../stack';

export const demoHelp = `hale demo [--config FILE] [--keep]
  The embedded demo (infra/examples/hale.demo.yaml unless --config): prepares the site offline
  (signed demo_lib wheels and change bundles in the artifact store, the service's first environment),
  starts the stack with demo-api behind its traffic router, sends live traffic, then
  (a) upgrades to a version that fails under load: every gate passes, it burns after promotion and is
      rolled back to the warm blue (the rollback time is printed);
  (b) upgrades to a good version: promoted through blue/green and committed;
  printing each stage as it lands, and verifies the evidence ledger. --keep leaves the stack running
  afterwards (browse the Temporal UI) until Ctrl-C. Exit 0 only when every expectation held.`;

export async function demoCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['keep']);
  checkFlags(args, ['config', 'keep']);
  const config = loadConfig({ path: stringFlag(args, 'config') ?? demoConfigFile() });
  const logFile = path.join(config.dataDir, 'hale-demo.log');
  const say = (line: string): void => console.log(`hale: ${line}`);
  const log = createLogger({
    name: 'hale-demo',
    destination: pino.destination({ dest: logFile, mkdir: true, sync: true }),
  });
  say(`site ${config.configFile ?? '(built-in defaults)'}; structured logs go to ${logFile}`);
  const requesterKeyPem = ensureDemoRequester(config);
  const site = await prepareDemoSite(config, { say });
  const stack = await startStack({ config, log, onProgress: say, stageDelayMs: 100, watchSeconds: 2 });
  let failed = 1;
  try {
    const router = stack.routers.find((r) => r.service === site.service);
    if (!router) throw new Error(`no traffic router for ${site.service}`);
    const checks = await runPipelineDemo({
      apiUrl: stack.apiUrl as string,
      client: stack.client,
      db: stack.db,
      site,
      serviceUrl: router.url,
      hostId: config.hostId,
      requesterKeyPem,
      say,
    });
    const query = `HaleService = '${site.service}' AND HaleOutcome = 'rolled_back'`;
    const listed = await listWithRetry(stack.client, query);
    checks.push({
      name: 'found by a search-attribute query (as in the Temporal UI)',
      ok: listed >= 1,
      detail: `${listed} run(s) for ${query}`,
    });
    for (const check of checks) say(`${check.ok ? 'PASS' : 'FAIL'} ${check.name} (${check.detail})`);
    failed = checks.filter((c) => !c.ok).length;
    if (stack.uiUrl)
      say(
        `see the runs in the Temporal UI: ${stack.uiUrl}/namespaces/${config.temporal.namespace}/workflows`,
      );
    if (args.flags.keep === true) {
      say('--keep: stack stays up; Ctrl-C to stop');
      await untilSignal(stack.stop);
    }
  } finally {
    await stack.stop();
  }
  say(failed === 0 ? 'demo passed' : `demo FAILED (${failed} expectation(s) not met)`);
  return failed === 0 ? 0 : 1;
}

/** Visibility is eventually consistent: retry the list query for a few seconds. */
async function listWithRetry(client: Client, query: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    let count = 0;
    for await (const _run of client.workflow.list({ query })) count++;
    if (count > 0 || attempt >= 20) return count;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
