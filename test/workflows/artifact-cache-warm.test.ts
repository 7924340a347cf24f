import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { artifactKeyFiles } from '../../lib/artifacts/site';
import { generateCosignKeyPair } from '../../lib/artifacts/signing';
import { loadConfig, type HaleConfig } from '../../lib/config';
import type { Db } from '../../lib/db';
import { CACHE_WARM_SCHEDULE_ID, ensureCacheWarmSchedule } from '../../infra/temporal';
import { createControlWorker, runWorkers } from '../../workers';
import type { CacheWarmResult } from '../../workflows';
import { openIsolatedTestDb } from '../support/db';
import { silentLogger } from '../support/logger';
import { workflowBundle } from '../support/pipeline';
import { startTestTemporal, uniqueId, waitFor } from '../support/temporal';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'artifacts', 'packages');

describe('nightly artifact cache warm (Temporal Schedule → workflow → store + ledger)', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let dir: string;
  let config: HaleConfig;
  let workers: ReturnType<typeof runWorkers>;
  let taskQueue: string;
  const savedPassword = process.env.COSIGN_PASSWORD;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-warm-'));
    const mirror = path.join(dir, 'mirror');
    fs.mkdirSync(mirror);
    for (const f of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, f), path.join(mirror, f));
    // a truncated wheel: reported as failed, the rest is imported
    const six = fs.readFileSync(path.join(fixtures, 'six-1.16.0-py2.py3-none-any.whl'));
    fs.writeFileSync(path.join(mirror, 'broken-1.0-py3-none-any.whl'), six.subarray(0, 4000));
    fs.writeFileSync(path.join(mirror, 'README.txt'), 'not a package');
    fs.writeFileSync(
      path.join(dir, 'hale.yaml'),
      'data_dir: ./data\nartifact_store:\n  mirrors: [./mirror]\n  cache_warm_cron: "0 3 * * *"\n',
    );
    config = loadConfig({ path: path.join(dir, 'hale.yaml'), env: {} });
    process.env.COSIGN_PASSWORD = 'warm-test';
    const files = artifactKeyFiles(config.dataDir);
    fs.mkdirSync(files.dir, { recursive: true });
    for (const [key, pub] of [
      [files.signingKey, files.signingPub],
      [files.indexKey, files.indexPub],
    ] as const) {
      const pair = await generateCosignKeyPair('warm-test');
      fs.writeFileSync(key, pair.privateKeyPem);
      fs.writeFileSync(pub, pair.publicKeyPem);
    }
    env = await startTestTemporal();
    db = await openIsolatedTestDb();
    taskQueue = uniqueId('hale.control.warm');
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
    ]);
  });
  afterAll(async () => {
    await workers?.shutdown();
    await db?.close();
    await env?.teardown();
    if (savedPassword === undefined) delete process.env.COSIGN_PASSWORD;
    else process.env.COSIGN_PASSWORD = savedPassword;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Triggers the schedule and waits for the run it starts. */
  async function triggerAndWait(previousRuns: number): Promise<CacheWarmResult> {
    const schedule = env.client.schedule.getHandle(CACHE_WARM_SCHEDULE_ID);
    await schedule.trigger();
    const action = await waitFor('the triggered run', async () => {
      const { info } = await schedule.describe();
      return info.recentActions.length > previousRuns ? info.recentActions.at(-1) : undefined;
    });
    return env.client.workflow.getHandle(action.action.workflow.workflowId).result();
  }

  it('is created once, updated on the next start, and each run imports the mirrors and re-signs the index', async () => {
    expect(await ensureCacheWarmSchedule(env.client, { taskQueue, cron: '0 3 * * *', paused: true })).toBe(
      'created',
    );
    expect(await ensureCacheWarmSchedule(env.client, { taskQueue, cron: '30 2 * * *' })).toBe('updated');
    const described = await env.client.schedule.getHandle(CACHE_WARM_SCHEDULE_ID).describe();
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }] });
    expect(described.state.paused).toBe(true);

    const first = await triggerAndWait(0);
    expect(first.mirrors).toHaveLength(1);
    expect(first.mirrors[0]).toMatchObject({ imported: 5, unchanged: 0, skipped: 1 });
    expect(first.mirrors[0]?.failed).toEqual([
      expect.objectContaining({ code: 'PACKAGE_MALFORMED', file: expect.stringContaining('broken-1.0') }),
    ]);
    expect(first.indexVersion).toBe(2); // the import, then the refresh

    const second = await triggerAndWait(1);
    expect(second.mirrors[0]).toMatchObject({ imported: 0, unchanged: 5 });
    expect(second.indexVersion).toBe(3); // nothing new, but a fresh expiry

    const { rows } = await db.query<{ type: string; n: string }>(
      `SELECT type, count(*) AS n FROM ledger_entries WHERE payload::jsonb->>'store' = $1 GROUP BY type ORDER BY type`,
      [config.artifactStore.path],
    );
    expect(rows.map((r) => [r.type, Number(r.n)])).toEqual([
      ['artifact.index.published', 3],
      ['custody', 5],
    ]);
  });
});
