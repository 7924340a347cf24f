import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../../lib/db';
import { openSharedTestDb } from '../support/db';
import { PIPELINE_STAGES } from '../../workflows/definitions';
import { spawnHale, type Spawned } from '../support/cli';
import { makeRequest } from '../support/requests';
import { startTestTemporal, uniqueId, waitFor } from '../support/temporal';

const STARTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;

// Heartbeat timeout (5 s) + retry + ten 2.5 s stages (a wide window to kill one mid-flight) through
// the shared embedded database: give it room.
jest.setTimeout(240_000);

describe('fault: the control worker is SIGKILLed mid-stage', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let databaseUrl: string;
  let closeDb: (() => Promise<void>) | undefined;
  let dataDir: string;
  const children: Spawned[] = [];

  beforeAll(async () => {
    env = await startTestTemporal();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-kill-'));
    const shared = await openSharedTestDb(dataDir);
    db = shared.db;
    databaseUrl = shared.url;
    closeDb = shared.close;
  });
  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await closeDb?.();
    await env?.teardown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes after a restart, each stage recorded exactly once', async () => {
    const taskQueue = uniqueId('hale.control.kill');
    const hostId = uniqueId('host');
    const childEnv = {
      TEMPORAL_ADDRESS: env.address,
      DATABASE_URL: databaseUrl,
      HALE_DATA_DIR: dataDir,
      HALE_HOST_ID: hostId,
    };
    // This host's runner worker, as its own process (`hale worker runner`).
    const runner = spawnHale(['worker', 'runner'], childEnv);
    children.push(runner);
    await runner.waitForOutput(/runner worker polling hale\.runner\.linux, hale\.runner\.linux\./);
    const startWorker = async (): Promise<Spawned> => {
      const worker = spawnHale(
        ['worker', 'control', '--stage-delay-ms', '2500', '--task-queue', taskQueue],
        childEnv,
      );
      children.push(worker);
      await worker.waitForOutput(/control worker polling/);
      return worker;
    };
    try {
      const first = await startWorker();
      const request = makeRequest(hostId);
      const handle = await env.client.workflow.start('remediationWorkflow', {
        workflowId: request.id,
        taskQueue,
        args: [{ request, watchSeconds: 0 }],
      });
      // Kill while a stage is mid-flight: a recordStage activity has started on the worker
      // (its row written, then the 2.5 s stage delay running) less than a second ago, so it
      // cannot complete before the kill lands. An activity near its end could finish between
      // this check and the kill, and then nothing would be retried.
      await waitFor('a freshly started recordStage activity after the first stages', async () => {
        const completed =
          (await handle.fetchHistory()).events?.filter((e) => e.activityTaskCompletedEventAttributes)
            .length ?? 0;
        if (completed < 2) return false;
        const description = await handle.describe();
        const pending = description.raw.pendingActivities ?? [];
        return pending.some((a) => {
          if (a.activityType?.name !== 'recordStage' || a.state !== STARTED) return false;
          const started = a.lastStartedTime;
          if (!started) return false;
          const startedMs = Number(started.seconds ?? 0) * 1000 + (started.nanos ?? 0) / 1e6;
          return Date.now() - startedMs < 1000;
        });
      });
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      const second = await startWorker();
      const result = await handle.result();
      expect(result.status).toBe('success');
      const history = await handle.fetchHistory();
      const retried = (history.events ?? []).filter(
        (e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1,
      );
      expect(retried.length).toBeGreaterThanOrEqual(1);
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
      runner.child.kill('SIGTERM');
      expect((await runner.exited).code).toBe(0);
      // Read after the workers stopped: the embedded database serves one connection at a time.
      const { rows } = await db.query<{ stage: string }>(
        'SELECT stage FROM remediation_stages WHERE remediation_id = $1 ORDER BY seq',
        [request.id],
      );
      expect(rows.map((r) => r.stage)).toEqual([...PIPELINE_STAGES]);
    } finally {
      for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    }
  });
});
