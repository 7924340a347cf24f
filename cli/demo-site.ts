import fs from 'node:fs';
import path from 'node:path';
import { describeArtifact } from '../lib/artifacts/describe';
import { normalizePythonName, writeConfigBundle, writeWheel } from '../lib/artifacts/packages';
import { openSiteStore, writerKeys } from '../lib/artifacts/site';
import type { ArtifactStore } from '../lib/artifacts/store/store';
import type { Describe } from '../lib/artifacts/store/store';
import type { HaleConfig, ServiceConfig } from '../lib/config';
import { migrate, openDatabase, type Db } from '../lib/db';
import { HaleError } from '../lib/errors';
import { installInitialEnvironment } from '../runner-agents/linux/initial-environment';
import { currentVenvName, pythonEnvPaths } from '../runner-agents/linux/python-env';
import { routerPaths } from '../runner-agents/linux/blue-green/router-paths';
import { ensureDemoStoreKeys } from './demo-store-keys';

/**
 * demo_lib, the demo service's one dependency: two good versions and one (1.2.0) whose
 * process_order fails once the process has served 25 orders (a pool that runs dry): the sandboxed
 * integration tests and the shadow compare (GETs only) pass, only the SLO watch under live traffic
 * after promotion catches it, and the pipeline rolls back to the warm blue.
 */
export const DEMO_LIB_VERSIONS = {
  '1.0.0': 'VERSION = "1.0.0"\n',
  '1.1.0': 'VERSION = "1.1.0"\n',
  '1.2.0': [
    'VERSION = "1.2.0"',
    '_served = [0]',
    '',
    '',
    'def process_order(order):',
    '    _served[0] += 1',
    '    if _served[0] > 25:',
    '        raise RuntimeError("connection pool exhausted")',
    '    return {"ok": True, "order": order}',
    '',
  ].join('\n'),
} as const;

export type DemoLibVersion = keyof typeof DEMO_LIB_VERSIONS;
const VERSIONS = Object.keys(DEMO_LIB_VERSIONS) as DemoLibVersion[];
const INITIAL: DemoLibVersion = '1.0.0';

export interface DemoSite {
  /** The blue/green demo service (hale.yaml `services[].name`). */
  service: string;
  /** The change bundle (`requirements.lock` pinning demo-lib) of each version, as `local://` refs. */
  refs: Record<DemoLibVersion, string>;
  /** Store paths imported by this call (empty when everything was there already). */
  imported: string[];
}

export class DemoSiteError extends HaleError<'DEMO_SERVICE_MISSING' | 'DEMO_SERVICE_RUNNING'> {}

/** infra/examples/hale.demo.yaml: the embedded demo's site (also from the compiled dist/ tree). */
export function demoConfigFile(): string {
  const inDist = __dirname.includes(`${path.sep}dist${path.sep}`);
  return path.resolve(__dirname, '..', ...(inDist ? ['..'] : []), 'infra', 'examples', 'hale.demo.yaml');
}

/**
 * The demo's site moved into `dir` on the given ports (tests and benchmarks run beside a real demo):
 * data, install path and request key under `dir`, the app, its tests and the RBAC policy by
 * absolute path. Returns the new hale.yaml.
 */
export function relocatedDemoConfig(
  dir: string,
  ports: { router: number; slotA: number; slotB: number },
): string {
  const examples = path.dirname(demoConfigFile());
  const yaml = fs
    .readFileSync(demoConfigFile(), 'utf8')
    .replaceAll('18090', String(ports.router))
    .replaceAll('18091', String(ports.slotA))
    .replaceAll('18092', String(ports.slotB))
    .replace('data_dir: .hale/demo', `data_dir: ${dir}/data`)
    .replace('install_path: .hale/demo/services/demo-api', `install_path: ${dir}/services/demo-api`)
    .replaceAll('../../../../demo-api/', `${examples}/demo-api/`)
    .replace('rbac_policy: demo-rbac.json', `rbac_policy: ${examples}/demo-rbac.json`)
    .replace('.hale/demo/keys/demo-requester.pub', `${dir}/data/keys/demo-requester.pub`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'hale.yaml');
  fs.writeFileSync(file, yaml);
  return file;
}

/** The hash-pinned requirements.lock of a change to demo-lib `version`. */
export const demoLock = (version: string, sha256: string) =>
  `demo-lib==${version} \\\n    --hash=sha256:${sha256}\n`;

function demoService(config: HaleConfig): ServiceConfig {
  const mine = config.services.filter((s) => s.host === config.hostId && s.kind === 'python' && s.blueGreen);
  const service = mine.find((s) => s.name === 'demo-api') ?? mine[0];
  if (!service) {
    throw new DemoSiteError(
      'DEMO_SERVICE_MISSING',
      `the demo needs a python service with blue_green on host ${config.hostId} (see ${demoConfigFile()})`,
      { details: { file: config.configFile } },
    );
  }
  return service;
}

/** Describes each file by its own options (one import call for bundles of different versions). */
const describeEach =
  (options: Map<string, Parameters<typeof describeArtifact>[0]>): Describe =>
  (file, blob) =>
    describeArtifact(options.get(file))(file, blob);

/** The demo_lib wheels in the store (written and imported when missing): version → sha256. */
async function ensureWheels(store: ArtifactStore, dir: string, sign: () => ReturnType<typeof writerKeys>) {
  const wheelOf = (v: string) =>
    store
      .list()
      .find(
        (a) =>
          a.entry.kind === 'python-wheel' &&
          normalizePythonName(a.entry.name) === 'demo-lib' &&
          a.entry.version === v,
      );
  const missing = VERSIONS.filter((v) => !wheelOf(v));
  const written = missing.map((v) =>
    writeWheel(dir, 'demo_lib', v, { 'demo_lib/__init__.py': DEMO_LIB_VERSIONS[v] }, [
      'License-Expression: MIT',
    ]),
  );
  const results = written.length ? await store.import(written, await sign(), describeArtifact()) : [];
  const sha = Object.fromEntries(VERSIONS.map((v) => [v, wheelOf(v)?.entry.hashes.sha256 as string]));
  return {
    sha: sha as Record<DemoLibVersion, string>,
    imported: results.filter((r) => r.outcome !== 'unchanged'),
  };
}

/** The change bundles in the store (written and imported when missing): version → ref. */
async function ensureBundles(
  store: ArtifactStore,
  dir: string,
  service: string,
  sha: Record<DemoLibVersion, string>,
  sign: () => ReturnType<typeof writerKeys>,
) {
  const fileOf = (v: string) => `${service}-demo-lib-${v}.tar.gz`;
  const refOf = (v: string) => `local://config-bundle/${service}/demo-lib-${v}/${fileOf(v)}`;
  const has = (v: string) => store.list().some((a) => a.ref === refOf(v));
  const options = new Map<string, Parameters<typeof describeArtifact>[0]>();
  for (const v of VERSIONS.filter((x) => !has(x))) {
    const file = path.join(dir, fileOf(v));
    await writeConfigBundle(file, { 'requirements.lock': demoLock(v, sha[v]) });
    options.set(file, { kind: 'config-bundle', name: service, version: `demo-lib-${v}` });
  }
  const items = [...options.keys()].map((file) => ({ file }));
  const results = items.length ? await store.import(items, await sign(), describeEach(options)) : [];
  const refs = Object.fromEntries(VERSIONS.map((v) => [v, refOf(v)])) as Record<DemoLibVersion, string>;
  return { refs, imported: results.filter((r) => r.outcome !== 'unchanged') };
}

/** The demo's offline vulnerability snapshot (OSV format): one advisory, for versions before any the demo ships. */
export const DEMO_OSV_RECORD = {
  schema_version: '1.6.0',
  id: 'HALE-DEMO-2026-0001',
  modified: '2026-11-30T00:00:00Z',
  published: '2026-11-30T00:00:00Z',
  summary: 'demo_lib before 1.0.0 writes order payloads, card numbers included, to its log',
  affected: [
    {
      package: { ecosystem: 'PyPI', name: 'demo-lib' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }],
    },
  ],
  database_specific: { severity: 'HIGH' },
};

/** The OSV snapshot as a signed config bundle (`osv-snapshot`), which the L1 security voter scans against. */
async function ensureOsvSnapshot(
  store: ArtifactStore,
  dir: string,
  sign: () => ReturnType<typeof writerKeys>,
) {
  const version = 'demo-2026-11-30';
  const file = path.join(dir, `osv-snapshot-${version}.tar.gz`);
  if (store.list().some((a) => a.entry.name === 'osv-snapshot' && a.entry.version === version)) return [];
  await writeConfigBundle(file, { [`${DEMO_OSV_RECORD.id}.json`]: JSON.stringify(DEMO_OSV_RECORD, null, 2) });
  const results = await store.import(
    [{ file }],
    await sign(),
    describeArtifact({ kind: 'config-bundle', name: 'osv-snapshot', version }),
  );
  return results.filter((r) => r.outcome !== 'unchanged');
}

/** demo_lib's version in the service's current environment (undefined: none installed). */
function currentDemoLib(envRoot: string): string | undefined {
  const paths = pythonEnvPaths(envRoot);
  const name = currentVenvName(paths);
  if (!name) return undefined;
  const lib = path.join(paths.venvs, name, 'lib');
  for (const py of fs.existsSync(lib) ? fs.readdirSync(lib) : []) {
    const site = path.join(lib, py, 'site-packages');
    const info = (fs.existsSync(site) ? fs.readdirSync(site) : []).find((f) =>
      /^demo_lib-.*\.dist-info$/.test(f),
    );
    if (info) return info.replace(/^demo_lib-/, '').replace(/\.dist-info$/, '');
  }
  return undefined;
}

function alive(stateFile: string): number | undefined {
  try {
    const pid = (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { pid?: number }).pid;
    if (typeof pid !== 'number') return undefined;
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Each demo starts from demo_lib 1.0.0: a previous run left the service on another version (a
 * downgrade would rightly be voted down), so its environments, slot and router state are removed
 * first — only with nothing of it running (`hale up` on this site must be stopped).
 */
function resetToInitial(config: HaleConfig, service: ServiceConfig, say: (line: string) => void): void {
  const version = currentDemoLib(service.installPath);
  if (version === undefined || version === INITIAL) return;
  const servicesDir = path.join(config.dataDir, 'runner', 'services');
  const routers = routerPaths(config.dataDir, service.name);
  const states = [
    ...(fs.existsSync(servicesDir) ? fs.readdirSync(servicesDir) : [])
      .filter((f) => f.startsWith(`${service.name}@`) && f.endsWith('.state.json'))
      .map((f) => path.join(servicesDir, f)),
    path.join(routers.dir, `${service.name}.state.json`),
  ];
  for (const file of states) {
    const pid = alive(file);
    if (pid !== undefined)
      throw new DemoSiteError(
        'DEMO_SERVICE_RUNNING',
        `${service.name} is still running (pid ${pid}, ${file}): stop \`hale up\` on this site before the demo`,
        { details: { file } },
      );
  }
  say(`a previous demo left ${service.name} on demo_lib ${version}: starting again from ${INITIAL}`);
  fs.rmSync(service.installPath, { recursive: true, force: true });
  for (const f of fs.existsSync(servicesDir) ? fs.readdirSync(servicesDir) : [])
    if (f.startsWith(`${service.name}@`) || f.startsWith(`${service.name}.`))
      fs.rmSync(path.join(servicesDir, f), { force: true });
  fs.rmSync(routers.stateFile, { force: true });
}

/**
 * Makes the embedded demo site ready, offline and idempotently (a second run reuses what is there):
 * the store keys (created when missing; the password from COSIGN_PASSWORD, else a generated one kept
 * in <data_dir>/keys), demo_lib 1.0.0/1.1.0/1.2.0 as signed wheels, one signed change bundle per
 * version, and the service's initial environment (demo_lib 1.0.0) under its install_path.
 * `db` defaults to the site's database (opened and closed here: run it before `startStack`, or pass
 * the stack's db).
 */
export async function prepareDemoSite(
  config: HaleConfig,
  opts: { say(line: string): void; db?: Db },
): Promise<DemoSite> {
  const service = demoService(config);
  const password = await ensureDemoStoreKeys(config.dataDir, opts.say);
  const db = opts.db ?? (await openDatabase({ databaseUrl: config.database.url, dataDir: config.dataDir }));
  try {
    if (!opts.db) await migrate(db);
    const store = await openSiteStore(config, db, 'hale-demo');
    const dir = path.join(config.dataDir, 'demo-site');
    fs.mkdirSync(dir, { recursive: true });
    let keys: ReturnType<typeof writerKeys> | undefined;
    const sign = () => (keys ??= writerKeys(config, password));
    const wheels = await ensureWheels(store, dir, sign);
    const bundles = await ensureBundles(store, dir, service.name, wheels.sha, sign);
    const osv = await ensureOsvSnapshot(store, dir, sign);
    const imported = [...wheels.imported, ...bundles.imported, ...osv].map((r) => r.path);
    if (imported.length > 0) opts.say(`demo artifacts imported: ${imported.join(', ')}`);
    const envRoot = service.installPath;
    resetToInitial(config, service, opts.say);
    if (currentVenvName(pythonEnvPaths(envRoot)) === undefined) {
      const lockfile = path.join(dir, `requirements-${INITIAL}.lock`);
      fs.writeFileSync(lockfile, demoLock(INITIAL, wheels.sha[INITIAL]));
      opts.say(`installing ${service.name}'s first environment (demo_lib ${INITIAL}) under ${envRoot}`);
      const name = await installInitialEnvironment({
        envRoot,
        lockfile,
        store,
        stagingDir: path.join(dir, 'staging'),
        audit: service.audit,
      });
      opts.say(`${service.name}: environment ${name} is current`);
    }
    return { service: service.name, refs: bundles.refs, imported };
  } finally {
    if (!opts.db) await db.close();
  }
}
