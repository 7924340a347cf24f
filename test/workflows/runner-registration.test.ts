import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../../lib/db';
import { LEDGER_COLUMNS, rowToEntry, type LedgerRow } from '../../lib/ledger';
import { LinuxRunner } from '../../runner-agents/linux/linux-runner';
import { announceRunner, createControlWorker, runWorkers } from '../../workers';
import { openTestDb } from '../support/db';
import { silentLogger } from '../support/logger';
import { workflowBundle } from '../support/pipeline';
import { startTestTemporal, uniqueId } from '../support/temporal';

describe('runner registration at start: shard.probe.v1 on the ledger and in the runners table (real Temporal)', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let dir: string;
  let workers: ReturnType<typeof runWorkers>;
  let taskQueue: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-register-'));
    env = await startTestTemporal();
    db = await openTestDb();
    taskQueue = uniqueId('hale.control.register');
    workers = runWorkers([
      await createControlWorker({
        connection: env.nativeConnection,
        namespace: 'default',
        db,
        log: silentLogger,
        taskQueue,
        workflowBundle: await workflowBundle(),
      }),
    ]);
  });
  afterAll(async () => {
    await workers?.shutdown();
    await db?.close();
    await env?.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records the probe once per start and keeps the latest per host', async () => {
    const hostId = uniqueId('host');
    const runner = new LinuxRunner({ services: [], workDir: dir, diskPaths: [dir] });
    for (let i = 0; i < 2; i++) {
      const id = await announceRunner(env.client, { hostId, runner, controlQueue: taskQueue });
      expect(await env.client.workflow.getHandle(id).result()).toMatchObject({ seq: expect.any(Number) });
      await new Promise((r) => setTimeout(r, 5));
    }
    const { rows } = await db.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE host = $1 AND type = 'shard.probe.v1' ORDER BY seq`,
      [hostId],
    );
    expect(rows).toHaveLength(2);
    const probe = rowToEntry(rows[1] as LedgerRow).payload as {
      os: { name: string };
      node: { version: string };
    };
    expect(probe.os.name).toBe('linux');
    expect(probe.node.version).toBe(process.version.replace(/^v/, ''));
    const table = await db.query<{ os: string; ledger_seq: string }>(
      'SELECT os, ledger_seq FROM runners WHERE host_id = $1',
      [hostId],
    );
    expect(table.rows).toEqual([{ os: 'linux', ledger_seq: String(rowToEntry(rows[1] as LedgerRow).seq) }]);
  });
});
