import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describeArtifact } from '../../lib/artifacts/describe';
import { openSiteStore, writerKeys } from '../../lib/artifacts/site';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import type { HaleConfig } from '../../lib/config';
import type { Db } from '../../lib/db';
import { ensureSigner, LEDGER_COLUMNS, rowToEntry, type LedgerRow } from '../../lib/ledger';
import { ReplayGuard, type RbacPolicy } from '../../runner-agents/auth';
import { exec } from '../../runner-agents/linux/exec';
import { LinuxRunner } from '../../runner-agents/linux/linux-runner';
import { installedVersion } from '../../runner-agents/linux/os-packages';
import { dropInPath } from '../../runner-agents/linux/sysctl';
import { createRunnerWorkers, runWorkers } from '../../workers';
import { hostTaskQueue } from '../../workflows/definitions';
import type { RunnerActionInput, RunnerActionWorkflowResult } from '../../workflows';
import { openIsolatedTestDb } from '../support/db';
import { makeDeb, requireRootDebian } from '../support/debs';
import { silentLogger } from '../support/logger';
import { testControlWorker } from '../support/pipeline';
import { siteWithStoreKeys } from '../support/site';
import { startTestTemporal, uniqueId } from '../support/temporal';

const GOOD = 'hale-test-action';
const BROKEN = 'hale-test-broken';

describe('runnerActionWorkflow: changes, bad artifacts, handover and diagnosis (real Temporal, dpkg, store)', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let dir: string;
  let rootPrefix: string;
  let config: HaleConfig;
  let store: ArtifactStore;
  let workers: ReturnType<typeof runWorkers>;
  let taskQueue: string;
  const refs: Record<string, string> = {};
  const hostId = uniqueId('host');
  const savedPassword = process.env.COSIGN_PASSWORD;

  beforeAll(async () => {
    requireRootDebian();
    await exec(['dpkg', '--purge', GOOD, BROKEN]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-action-changes-'));
    fs.chmodSync(dir, 0o755);
    rootPrefix = path.join(dir, 'root');
    process.env.COSIGN_PASSWORD = 'action-test';
    config = await siteWithStoreKeys(dir, 'action-test');
    env = await startTestTemporal();
    db = await openIsolatedTestDb();
    store = await openSiteStore(config, db, 'tester');
    const debs = path.join(dir, 'debs');
    fs.mkdirSync(debs);
    const imported = await store.import(
      [
        { file: await makeDeb(debs, GOOD, '1.0') },
        { file: await makeDeb(debs, BROKEN, '1.0', { failInstall: true }) },
      ],
      await writerKeys(config),
      describeArtifact(),
    );
    for (const r of imported) refs[r.entry.name] = r.ref;
    const control = await ensureSigner(db, config.dataDir);
    const rbac: RbacPolicy = {
      version: 1,
      allow: [
        { permission: 'metrics' },
        { permission: 'apply_patch', services: ['payments-*'] },
        { permission: 'rollback', services: ['payments-*'] },
        { permission: 'write_path', paths: [`${rootPrefix}/etc/sysctl.d/`] },
        { permission: 'install_package', repos: ['local://deb/'] },
      ],
    };
    const workDir = path.join(dir, 'work');
    fs.mkdirSync(workDir);
    const runner = new LinuxRunner({
      services: [
        {
          name: 'payments-api',
          process: { name: 'payments-api', command: ['true'], cwd: dir, stateDir: path.join(dir, 'run') },
        },
      ],
      store: await openSiteStore(config, db, 'runner'),
      workDir,
      rootPrefix,
    });
    const controlWorker = await testControlWorker(env, db, { prefix: 'hale.control.changes', config });
    taskQueue = controlWorker.taskQueue;
    workers = runWorkers([
      controlWorker.worker,
      ...(await createRunnerWorkers({
        connection: env.nativeConnection,
        namespace: 'default',
        os: 'linux',
        hostId,
        dataDir: dir,
        log: silentLogger,
        actions: {
          runner,
          keys: [{ keyId: control.keyId, publicKey: control.publicKey }],
          rbac,
          replay: new ReplayGuard(path.join(dir, 'runner', 'seen-actions.jsonl')),
          workDir,
          rootPrefix,
        },
      })),
    ]);
    await db.query(
      `INSERT INTO runners (host_id, os, probe, ledger_seq) VALUES ($1, 'linux', '{}'::jsonb, 0)`,
      [hostId],
    );
  });
  afterAll(async () => {
    await workers?.shutdown();
    await db?.close();
    await env?.teardown();
    await exec(['dpkg', '--purge', GOOD, BROKEN]);
    if (savedPassword === undefined) delete process.env.COSIGN_PASSWORD;
    else process.env.COSIGN_PASSWORD = savedPassword;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (input: Partial<RunnerActionInput> & Pick<RunnerActionInput, 'fields'>) =>
    env.client.workflow.execute('runnerActionWorkflow', {
      workflowId: uniqueId('action'),
      taskQueue,
      args: [{ hostQueue: hostTaskQueue('linux', hostId), ...input }],
    }) as Promise<RunnerActionWorkflowResult>;
  const detail = (r: RunnerActionWorkflowResult) =>
    (r.result?.result as { detail: Record<string, unknown>; snapshot?: string; status: string }) ?? {};

  it('writes a sysctl drop-in through a signed action and rolls it back by its snapshot', async () => {
    const file = dropInPath(rootPrefix, 'payments');
    const applied = await run({
      fields: {
        kind: 'sysctl',
        host: hostId,
        service: 'payments-api',
        sysctl: { name: 'payments', settings: { 'net.core.somaxconn': 4096 } },
        paths: [file],
      },
    });
    expect(applied.outcome).toBe('done');
    expect(detail(applied)).toMatchObject({ status: 'applied', detail: { file } });
    expect(fs.readFileSync(file, 'utf8')).toContain('net.core.somaxconn = 4096');
    // planned, not applied: the root prefix is a scratch directory, the machine is untouched
    expect(detail(applied).detail.apply).toMatchObject({ mode: 'planned', command: ['sysctl', '--system'] });

    const back = await run({
      fields: { kind: 'rollback', host: hostId, service: 'payments-api', snapshot: detail(applied).snapshot },
    });
    expect(back.outcome).toBe('done');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a sysctl action whose drop-in is not among the authorized paths', async () => {
    const r = await run({
      fields: {
        kind: 'sysctl',
        host: hostId,
        service: 'payments-api',
        sysctl: { name: 'sneaky', settings: { 'vm.swappiness': 1 } },
        paths: [dropInPath(rootPrefix, 'payments')],
      },
    });
    expect(r).toMatchObject({ outcome: 'refused', code: 'ACTION_MALFORMED' });
    expect(fs.existsSync(dropInPath(rootPrefix, 'sneaky'))).toBe(false);
  });

  it('installs an OS package from the store and rolls it back by snapshot', async () => {
    const applied = await run({
      fields: {
        kind: 'os_package',
        host: hostId,
        service: 'payments-api',
        artifacts: [refs[GOOD] as string],
      },
    });
    expect(detail(applied)).toMatchObject({ status: 'applied', detail: { installed: { [GOOD]: '1.0' } } });
    expect(await installedVersion(GOOD)).toBe('1.0');
    const back = await run({
      fields: { kind: 'rollback', host: hostId, service: 'payments-api', snapshot: detail(applied).snapshot },
    });
    expect(back.outcome).toBe('done');
    expect(await installedVersion(GOOD)).toBeUndefined();
  });

  it('a failed install is rolled back on the host and the control plane marks the artifact bad', async () => {
    const r = await run({
      fields: {
        kind: 'os_package',
        host: hostId,
        service: 'payments-api',
        artifacts: [refs[BROKEN] as string],
      },
    });
    expect(detail(r)).toMatchObject({ status: 'rolled_back', detail: { bad_artifacts: [refs[BROKEN]] } });
    expect(r.markedBad).toEqual([refs[BROKEN]]);
    expect(await installedVersion(BROKEN)).toBeUndefined();
    expect(store.find(refs[BROKEN] as string).entry).toMatchObject({ status: 'bad' });
    // a second try is refused before anything is installed
    const again = await run({
      fields: {
        kind: 'os_package',
        host: hostId,
        service: 'payments-api',
        artifacts: [refs[BROKEN] as string],
      },
    });
    expect(again).toMatchObject({ outcome: 'refused', code: 'TRUST_STATUS_BLOCKED' });
  });

  it('hands an action over to a live runner of the same OS when the host does not pick it up', async () => {
    const gone = uniqueId('gone');
    const r = await run({
      fields: { kind: 'metrics', host: gone },
      hostQueue: hostTaskQueue('linux', gone),
      pickupTimeout: '2 seconds',
      handover: { os: 'linux' },
    });
    expect(r).toMatchObject({ outcome: 'done', host: hostId, handedOverFrom: gone });
    expect((r.result?.result as { mem_used: number }).mem_used).toBeGreaterThan(0);
  });

  it('without handover, an unpicked action ends unavailable with a read-only diagnosis on the ledger', async () => {
    const gone = uniqueId('gone');
    const r = await run({
      fields: { kind: 'metrics', host: gone },
      hostQueue: hostTaskQueue('linux', gone),
      pickupTimeout: '2 seconds',
    });
    expect(r).toMatchObject({ outcome: 'unavailable', code: 'RUNNER_UNAVAILABLE', host: gone });
    expect(r.diagnosis).toMatchObject({ pollers: [], registered: null, same_os_live: [hostId] });
    expect(r.diagnosis?.summary).toContain('no runner polls');
    const { rows } = await db.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE host = $1 ORDER BY seq`,
      [gone],
    );
    expect(rows.map(rowToEntry).map((e) => e.type)).toEqual([
      'runner.action.issued',
      'runner.action.refused',
      'runner.diagnosis',
    ]);
  });
});
