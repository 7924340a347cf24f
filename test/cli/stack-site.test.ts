import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeArtifact } from '../../lib/artifacts/describe';
import { writeWheel } from '../../lib/artifacts/packages';
import { writerKeys } from '../../lib/artifacts/site';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import { loadConfig } from '../../lib/config';
import type { Db } from '../../lib/db';
import { runnerStore } from '../../cli/stack-site';
import { openIsolatedTestDb } from '../support/db';
import { siteWithStoreKeys } from '../support/site';

describe("runnerStore: the stack's runner reads the site store once it has trust", () => {
  let dir: string;
  let db: Db;
  const saved = process.env.COSIGN_PASSWORD;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-stack-site-'));
    db = await openIsolatedTestDb();
  });
  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.COSIGN_PASSWORD;
    else process.env.COSIGN_PASSWORD = saved;
  });

  it('is undefined without store keys, and says so when this host has services', async () => {
    const service = 'services: [{ name: api, host: h, kind: python, install_path: ./api, start_command: x }]';
    fs.writeFileSync(
      path.join(dir, 'hale.yaml'),
      `data_dir: ./data\nhosts: [{ id: h, os: linux }]\n${service}\n`,
    );
    const lines: string[] = [];
    const config = loadConfig({ path: path.join(dir, 'hale.yaml'), env: {} });
    expect(await runnerStore(config, db, (l) => lines.push(l))).toBeUndefined();
    expect(lines).toEqual([expect.stringContaining('no artifact store keys')]);
  });

  it('with the store keys, verifies what the site imported', async () => {
    process.env.COSIGN_PASSWORD = 'stack-site-test';
    const config = await siteWithStoreKeys(dir, 'stack-site-test');
    const store = await runnerStore(config, db, () => undefined);
    expect(store).toBeDefined();
    const wheel = writeWheel(dir, 'demo_lib', '1.0.0', { 'demo_lib/__init__.py': 'VERSION = "1.0.0"\n' });
    const [imported] = await (store as ArtifactStore).import(
      [{ file: wheel.file }],
      await writerKeys(config),
      describeArtifact(),
    );
    const usable = await (store as ArtifactStore).verifyForUse(imported?.ref as string);
    expect(usable.entry.hashes.sha256).toBe(wheel.sha256);
  });
});
