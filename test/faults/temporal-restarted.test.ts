import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import type { Db } from '../../lib/db';
import { freePort } from '../../lib/net';
import { createControlWorker, createRunnerWorkers, runWorkers } from '../../workers';
import { openTestDb } from '../support/db';
import { silentLogger } from '../support/logger';
import { workflowBundle } from '../support/pipeline';
import { makeRequest } from '../support/requests';
import { startTestTemporal, uniqueId, waitFor } from '../support/temporal';

describe('fault: the Temporal dev server restarts while a workflow waits', () => {
  let dir: string;
  let db: Db;
  let env: TestWorkflowEnvironment | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-restart-'));
    db = await openTestDb();
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the workflow after the server comes back on the same --db-filename', async () => {
    const port = await freePort();
    const server = { dbFilename: path.join(dir, 'temporal.db'), port };
    env = await startTestTemporal(server);
    const address = `127.0.0.1:${port}`;
    const native = await NativeConnection.connect({ address });
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const taskQueue = uniqueId('hale.control.restart');
    const hostId = uniqueId('host');
    const workers = runWorkers([
      await createControlWorker({
        connection: native,
        namespace: 'default',
        db,
        log: silentLogger,
        taskQueue,
        workflowBundle: await workflowBundle(),
      }),
      ...(await createRunnerWorkers({
        connection: native,
        namespace: 'default',
        os: 'linux',
        hostId,
        dataDir: dir,
        log: silentLogger,
      })),
    ]);
    try {
      const request = makeRequest(hostId);
      const handle = await client.workflow.start('remediationWorkflow', {
        workflowId: request.id,
        taskQueue,
        args: [{ request, watchSeconds: 8 }],
      });
      // The workflow is in its watch window (a durable timer) once Deploy is recorded.
      await waitFor('the Deploy stage record', async () => {
        const { rows } = await db.query(
          "SELECT 1 FROM remediation_stages WHERE remediation_id = $1 AND stage = 'Deploy'",
          [request.id],
        );
        return rows.length === 1;
      });
      await env.teardown();
      env = await startTestTemporal(server);
      const result = await handle.result();
      expect(result.status).toBe('success');
      const { rows } = await db.query('SELECT stage FROM remediation_stages WHERE remediation_id = $1', [
        request.id,
      ]);
      expect(rows).toHaveLength(10);
    } finally {
      await workers.shutdown();
      await native.close();
      await connection.close();
    }
  });
});
