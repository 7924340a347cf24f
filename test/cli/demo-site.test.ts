import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { loadOsvSnapshotFromStore, matchOsv } from '../../lib/l1';
import os from 'node:os';
import path from 'node:path';
import { readTarGzFile } from '../../lib/artifacts/packages/tar';
import { openSiteStore } from '../../lib/artifacts/site';
import { loadConfig, type HaleConfig } from '../../lib/config';
import { migrate, openDatabase } from '../../lib/db';
import { pythonEnvPaths } from '../../runner-agents/linux/python-env';
import { demoConfigFile, demoLock, prepareDemoSite, type DemoSite } from '../../cli/demo-site';
import { DEMO_PASSWORD_FILE } from '../../cli/demo-store-keys';

const REPO = path.resolve(__dirname, '..', '..');
const DEMO_APP = path.join(REPO, 'infra', 'examples', 'demo-api', 'app.py');

describe('prepareDemoSite: the embedded demo site, offline and idempotent (real store, real pip, real venv)', () => {
  let dir: string;
  let config: HaleConfig;
  let first: DemoSite;
  const lines: string[] = [];
  const saved = process.env.COSIGN_PASSWORD;

  const withStore = async <T>(fn: (store: Awaited<ReturnType<typeof openSiteStore>>) => Promise<T>) => {
    const db = await openDatabase({ dataDir: config.dataDir });
    try {
      await migrate(db);
      return await fn(await openSiteStore(config, db, 'tester'));
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    delete process.env.COSIGN_PASSWORD; // the demo makes and keeps its own password
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-demo-site-'));
    const yaml = [
      'data_dir: ./data',
      'hosts: [{ id: local, os: linux }]',
      'services:',
      '  - name: demo-api',
      '    host: local',
      '    kind: python',
      '    install_path: ./services/demo-api',
      `    start_command: ["{venv}/bin/python", ${JSON.stringify(DEMO_APP)}]`,
      '    audit: [demo_lib]',
      '    blue_green: { port: 18190, slots: [18191, 18192] }',
    ];
    fs.writeFileSync(path.join(dir, 'hale.yaml'), `${yaml.join('\n')}\n`);
    config = loadConfig({ path: path.join(dir, 'hale.yaml'), env: {} });
    first = await prepareDemoSite(config, { say: (line) => lines.push(line) });
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.COSIGN_PASSWORD;
    else process.env.COSIGN_PASSWORD = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports three signed wheels and three change bundles that verify before use', async () => {
    expect(first.service).toBe('demo-api');
    expect(first.refs).toEqual({
      '1.0.0': 'local://config-bundle/demo-api/demo-lib-1.0.0/demo-api-demo-lib-1.0.0.tar.gz',
      '1.1.0': 'local://config-bundle/demo-api/demo-lib-1.1.0/demo-api-demo-lib-1.1.0.tar.gz',
      '1.2.0': 'local://config-bundle/demo-api/demo-lib-1.2.0/demo-api-demo-lib-1.2.0.tar.gz',
    });
    expect(first.imported).toHaveLength(7);
    await withStore(async (store) => {
      // the OSV snapshot the L1 security voter scans against: it flags old versions, none the demo ships
      const osv = store.list().find((a) => a.entry.name === 'osv-snapshot');
      const snapshot = await loadOsvSnapshotFromStore(store, osv?.ref as string);
      const locked = (v: string) => [{ name: 'demo-lib', version: v, hashes: [], line: 1 }];
      expect(matchOsv(locked('0.9.0'), 'PyPI', snapshot).map((m) => m.record.id)).toEqual([
        'HALE-DEMO-2026-0001',
      ]);
      expect(matchOsv(locked('1.2.0'), 'PyPI', snapshot)).toEqual([]);
      const wheels = store.list().filter((a) => a.entry.kind === 'python-wheel');
      expect(wheels.map((w) => w.entry.version).sort()).toEqual(['1.0.0', '1.1.0', '1.2.0']);
      for (const [version, ref] of Object.entries(first.refs)) {
        const bundle = await store.verifyForUse(ref);
        expect(bundle.entry).toMatchObject({
          kind: 'config-bundle',
          name: 'demo-api',
          version: `demo-lib-${version}`,
        });
        const wheel = wheels.find((w) => w.entry.version === version);
        await store.verifyForUse(wheel?.ref as string);
        const files = await readTarGzFile(bundle.file, () => true);
        expect([...files.keys()]).toEqual(['requirements.lock']);
        // the lock pins exactly the wheel in the store
        expect(files.get('requirements.lock')?.content?.toString()).toBe(
          demoLock(version, wheel?.entry.hashes.sha256 as string),
        );
      }
    });
  });

  it('installs the first environment: its python imports demo_lib 1.0.0', () => {
    const python = path.join(
      pythonEnvPaths(config.services[0]?.installPath as string).current,
      'bin',
      'python',
    );
    const version = execFileSync(python, ['-c', 'import demo_lib; print(demo_lib.VERSION)'], {
      encoding: 'utf8',
    });
    expect(version.trim()).toBe('1.0.0');
  });

  it('only 1.2.0 breaks orders, and only after 25 of them; no version changes what a GET answers (no price())', () => {
    const probe = (version: string) => {
      const wheel = path.join(config.dataDir, 'demo-site', `demo_lib-${version}-py3-none-any.whl`);
      const script = [
        'import sys',
        `sys.path.insert(0, ${JSON.stringify(wheel)})`,
        'import demo_lib',
        'print(hasattr(demo_lib, "price"))',
        'for n in range(1, 31):',
        '    try:',
        '        demo_lib.process_order({}) if hasattr(demo_lib, "process_order") else None',
        '    except Exception as err:',
        '        print("order", n, "fails:", err)',
        '        break',
        'else:',
        '    print("30 orders ok")',
      ].join('\n');
      return execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim().split('\n');
    };
    expect(probe('1.0.0')).toEqual(['False', '30 orders ok']);
    expect(probe('1.1.0')).toEqual(['False', '30 orders ok']);
    expect(probe('1.2.0')).toEqual(['False', 'order 26 fails: connection pool exhausted']);
  });

  it('keeps its store password in a 0600 file and never prints it', () => {
    const file = path.join(config.dataDir, 'keys', DEMO_PASSWORD_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const password = fs.readFileSync(file, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(lines.join('\n')).not.toContain(password);
  });

  it('a second run reuses everything: nothing imported, no new index version, same environment', async () => {
    const before = await withStore(async (store) => store.readIndex()?.signed.version);
    const envBefore = fs.readlinkSync(pythonEnvPaths(config.services[0]?.installPath as string).current);
    const again = await prepareDemoSite(config, { say: () => undefined });
    expect(again).toEqual({ ...first, imported: [] });
    expect(await withStore(async (store) => store.readIndex()?.signed.version)).toBe(before);
    expect(fs.readlinkSync(pythonEnvPaths(config.services[0]?.installPath as string).current)).toBe(
      envBefore,
    );
  });

  it('refuses a site without a blue/green Python service', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-demo-site-none-'));
    try {
      const bare = loadConfig({ cwd: other, env: { HALE_DATA_DIR: path.join(other, 'data') } });
      await expect(prepareDemoSite(bare, { say: () => undefined })).rejects.toMatchObject({
        code: 'DEMO_SERVICE_MISSING',
      });
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('infra/examples/hale.demo.yaml', () => {
  it('is a valid site whose demo-api runs the real app.py from its install path, blue/green on fixed ports', () => {
    const config = loadConfig({ path: demoConfigFile(), env: {} });
    const api = config.services.find((s) => s.name === 'demo-api');
    expect(api?.kind).toBe('python');
    expect(api?.blueGreen).toMatchObject({
      port: 18090,
      slots: { a: 18091, b: 18092 },
      armedWindowMs: 0,
      shadow: { windowMs: 2000 },
      watch: { windowMs: 4000 },
    });
    const command = api?.startCommand as string[];
    expect(command[0]).toBe('{venv}/bin/python');
    // relative arguments run from install_path (the process's working directory)
    expect(path.resolve(api?.installPath as string, command[1] as string)).toBe(DEMO_APP);
    expect(config.runner.rbacPolicy && fs.existsSync(config.runner.rbacPolicy)).toBe(true);
  });
});
