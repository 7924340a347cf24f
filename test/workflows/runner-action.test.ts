import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../../lib/config';
import type { Db } from '../../lib/db';
import { ensureSigner, LEDGER_COLUMNS, rowToEntry, verifyLedger, type LedgerRow } from '../../lib/ledger';
import { ReplayGuard, type RbacPolicy } from '../../runner-agents/auth';
import { LinuxRunner } from '../../runner-agents/linux/linux-runner';
import { createControlWorker, createRunnerWorkers, runWorkers } from '../../workers';
import { hostTaskQueue } from '../../workflows/definitions';
import type { RunnerActionInput, RunnerActionWorkflowResult } from '../../workflows';
import { openIsolatedTestDb } from '../support/db';
import { silentLogger } from '../support/logger';
import { workflowBundle } from '../support/pipeline';
import { startTestTemporal, uniqueId } from '../support/temporal';

describe('runnerActionWorkflow: signed by the control plane, verified and authorized by the runner (real Temporal)', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let dir: string;
  let workers: ReturnType<typeof runWorkers>;
  let taskQueue: string;
  const hostId = uniqueId('host');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-runner-action-'));
    fs.writeFileSync(path.join(dir, 'hale.yaml'), 'data_dir: ./data\n');
    const config = loadConfig({ path: path.join(dir, 'hale.yaml'), env: {} });
    env = await startTestTemporal();
    db = await openIsolatedTestDb();
    const control = await ensureSigner(db, config.dataDir);
    const rbac: RbacPolicy = {
      version: 1,
      allow: [
        { permission: 'metrics' },
        { permission: 'inventory' },
        { permission: 'sandbox' },
        { permission: 'restart', services: ['payments-*'] },
      ],
    };
    fs.mkdirSync(path.join(dir, 'work'));
    taskQueue = uniqueId('hale.control.actions');
    workers = runWorkers([
      await createControlWorker({
        connection: env.nativeConnection,
        namespace: 'default',
        db,
        log: silentLogger,
        taskQueue,
        workflowBundle: await workflowBundle(),
        config,
      }),
      ...(await createRunnerWorkers({
        connection: env.nativeConnection,
        namespace: 'default',
        os: 'linux',
        hostId,
        dataDir: dir,
        log: silentLogger,
        actions: {
          runner: new LinuxRunner({ services: [], workDir: path.join(dir, 'work'), metricsSampleMs: 100 }),
          keys: [{ keyId: control.keyId, publicKey: control.publicKey }],
          rbac,
          replay: new ReplayGuard(path.join(dir, 'runner', 'seen-actions.jsonl')),
          workDir: path.join(dir, 'work'),
        },
      })),
    ]);
  });
  afterAll(async () => {
    await workers?.shutdown();
    await db?.close();
    await env?.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (fields: RunnerActionInput['fields']): Promise<RunnerActionWorkflowResult> =>
    env.client.workflow.execute('runnerActionWorkflow', {
      workflowId: uniqueId('action'),
      taskQueue,
      args: [{ fields, hostQueue: hostTaskQueue('linux', hostId) }],
    });

  const ledgerFor = async (host: string) => {
    const { rows } = await db.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE host = $1 ORDER BY seq`,
      [host],
    );
    return rows.map(rowToEntry);
  };

  it('runs allowed actions and records issue and outcome', async () => {
    const metrics = await run({ kind: 'metrics', host: hostId });
    expect(metrics.outcome).toBe('done');
    expect((metrics.result?.result as { mem_used: number }).mem_used).toBeGreaterThan(0);
    const sandbox = await run({
      kind: 'sandbox',
      host: hostId,
      command: ['bash', '-c', "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"],
    });
    expect(sandbox.outcome).toBe('done');
    expect((sandbox.result?.result as { stdout: string; exitCode: number }).stdout.trim()).toBe('lo');
    const types = (await ledgerFor(hostId)).map((e) => e.type);
    expect(types).toEqual(['runner.action.issued', 'runner.action', 'runner.action.issued', 'runner.action']);
  });

  it('refuses what the RBAC policy does not grant and actions for another host, without retrying, and records why', async () => {
    const denied = await run({ kind: 'restart', host: hostId, service: 'demo-api' });
    expect(denied).toMatchObject({ outcome: 'refused', code: 'RBAC_DENIED' });
    expect(denied.message).toContain('restart demo-api');
    // signed for another host, delivered to this one
    const other = uniqueId('elsewhere');
    const wrongHost = await env.client.workflow.execute('runnerActionWorkflow', {
      workflowId: uniqueId('action'),
      taskQueue,
      args: [{ fields: { kind: 'metrics', host: other }, hostQueue: hostTaskQueue('linux', hostId) }],
    });
    expect(wrongHost).toMatchObject({ outcome: 'refused', code: 'ACTION_WRONG_HOST' });
    const refused = (await ledgerFor(hostId)).filter((e) => e.type === 'runner.action.refused');
    expect(refused.map((e) => (e.payload as { code: string }).code)).toEqual(['RBAC_DENIED']);
    expect((await ledgerFor(other)).map((e) => e.type)).toEqual([
      'runner.action.issued',
      'runner.action.refused',
    ]);
    expect((await verifyLedger(db)).ok).toBe(true);
  });
});
