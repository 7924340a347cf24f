import path from 'node:path';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/telemetry';
import { checkFlags, parseArgs, stringFlag } from '../args';
import { demoRequest, runDemoScenario } from '../demo-scenario';
import { untilSignal } from '../signals';
import { startStack } from '../stack';
import pino from 'pino';

export const demoHelp = `hale demo [--config FILE] [--keep]
  Starts the embedded stack, submits a remediation request through the API, follows it to the end
  printing each stage, checks the expectations and stops. --keep leaves the stack running afterwards
  (browse the Temporal UI) until Ctrl-C. Exit 0 only when every expectation held.`;

export async function demoCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['keep']);
  checkFlags(args, ['config', 'keep']);
  const config = loadConfig({ path: stringFlag(args, 'config') });
  const logFile = path.join(config.dataDir, 'hale-demo.log');
  const say = (line: string): void => console.log(`hale: ${line}`);
  const log = createLogger({
    name: 'hale-demo',
    destination: pino.destination({ dest: logFile, mkdir: true, sync: true }),
  });
  say(`structured logs go to ${logFile}`);
  const stack = await startStack({ config, log, onProgress: say, stageDelayMs: 300, watchSeconds: 2 });
  let failed = 1;
  try {
    const service = config.services[0]?.name ?? 'demo-api';
    const request = demoRequest(`demo-${Date.now().toString(36)}`, config.hostId, service);
    const checks = await runDemoScenario(stack.apiUrl as string, request, say);
    const description = await stack.client.workflow.getHandle(request.id).describe();
    const outcomeAttr = description.searchAttributes?.HaleOutcome;
    checks.push({
      name: 'search attributes set (HaleOutcome)',
      ok: Array.isArray(outcomeAttr) && outcomeAttr[0] === 'success',
      detail: `HaleOutcome=${JSON.stringify(outcomeAttr)}`,
    });
    const query = `HaleService = '${service}' AND HaleOutcome = 'success' AND WorkflowId = '${request.id}'`;
    const listed = await listWithRetry(stack.client, query);
    checks.push({
      name: 'found by a search-attribute query (as in the Temporal UI)',
      ok: listed === 1,
      detail: `${listed} run(s) for ${query}`,
    });
    for (const check of checks) say(`${check.ok ? 'PASS' : 'FAIL'} ${check.name} (${check.detail})`);
    failed = checks.filter((c) => !c.ok).length;
    if (stack.uiUrl)
      say(
        `see it in the Temporal UI: ${stack.uiUrl}/namespaces/${config.temporal.namespace}/workflows/${request.id}`,
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
