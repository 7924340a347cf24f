import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../../lib/db';
import { openSharedTestDb } from '../support/db';
import { RouterClient } from '../../runner-agents/linux/traffic-router';
import type { RunnerResultV1 } from '../../schemas/types.generated';
import { PIPELINE_STAGES } from '../../workflows/definitions';
import { spawnHale, type Spawned } from '../support/cli';
import { startLiveTraffic } from '../support/live-traffic';
import { startPipelineSite, type PipelineSite } from '../support/pipeline-site';
import { startTestTemporal, uniqueId, waitFor } from '../support/temporal';

jest.setTimeout(300_000);

/**
 * The control worker (`hale worker control --config`, its own process) is SIGKILLed while the
 * pipeline is in its Deploy stage (green promoted, being watched); a new one resumes the workflow,
 * which ends with the version committed, every stage recorded once and the router consistent.
 */
describe('fault: the control worker is SIGKILLed during the deploy', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let databaseUrl: string;
  let closeDb: (() => Promise<void>) | undefined;
  let dbDir: string;
  let site: PipelineSite;
  const children: Spawned[] = [];

  beforeAll(async () => {
    env = await startTestTemporal();
    dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-kill-deploy-'));
    const shared = await openSharedTestDb(dbDir);
    db = shared.db;
    databaseUrl = shared.url;
    closeDb = shared.close;
    site = await startPipelineSite(env, { db, control: false });
  });
  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await site?.dispose();
    await closeDb?.();
    await env?.teardown();
    fs.rmSync(dbDir, { recursive: true, force: true });
  });

  it('resumes after a restart and ends committed and consistent', async () => {
    const taskQueue = uniqueId('hale.control.kill-deploy');
    const startWorker = async (): Promise<Spawned> => {
      const worker = spawnHale(
        ['worker', 'control', '--config', path.join(site.dir, 'hale.yaml'), '--task-queue', taskQueue],
        { TEMPORAL_ADDRESS: env.address, DATABASE_URL: databaseUrl },
      );
      children.push(worker);
      await worker.waitForOutput(/control worker polling/, 120_000);
      return worker;
    };
    const traffic = startLiveTraffic(site.router.url, 10);
    try {
      const first = await startWorker();
      const request = site.request('1.1.0');
      const handle = await env.client.workflow.start('remediationWorkflow', {
        workflowId: request.id,
        taskQueue,
        args: [{ request, watchSeconds: 0 }],
      });
      // green promoted and under watch: the deploy child's memo says so
      // (a run that ends before the watch fails here with its explanation, not a timeout)
      const ended = handle.result().then((r) => r as RunnerResultV1);
      await waitFor(
        'the deployment watching green',
        async () => {
          const d = await env.client.workflow
            .getHandle(`${request.id}:deploy`)
            .describe()
            .catch(() => undefined);
          if (d?.memo?.deploy === 'watch') return true;
          const early = await Promise.race([ended, Promise.resolve(undefined)]);
          if (early) throw new Error(`the run ended before the watch: ${early.status}: ${early.explanation}`);
          return undefined;
        },
        180_000,
      );
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      const second = await startWorker();
      const result = (await handle.result()) as RunnerResultV1;
      expect(result.explanation).toBe('demo-api: demo-lib-1.1.0 promoted, watched and committed');
      expect(result.status).toBe('success');
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
      expect(await site.served()).toBe('1.1.0');
      const state = await new RouterClient(site.router.socketPath).state();
      expect(state.upstreams.green).toBeNull();
      const { rows } = await db.query<{ stage: string; status: string }>(
        'SELECT stage, status FROM remediation_stages WHERE remediation_id = $1 ORDER BY seq',
        [request.id],
      );
      expect(rows.map((r) => `${r.stage}:${r.status}`)).toEqual(PIPELINE_STAGES.map((s) => `${s}:succeeded`));
    } finally {
      const t = await traffic.stop();
      expect(t.failedPosts).toBe(0);
    }
  });
});
