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
import { ensureDemoStoreKeys } from './demo-store-keys';

/**
 * demo_lib, the demo service's one dependency: two good versions and one (1.2.0) whose
 * process_order raises, so POST /orders answers 500 while every GET answers exactly as before (the
 * shadow compare mirrors GETs only and passes; only the SLO watch after promotion catches it).
 */
export const DEMO_LIB_VERSIONS = {
  '1.0.0': 'VERSION = "1.0.0"\n',
  '1.1.0': 'VERSION = "1.1.0"\n',
  '1.2.0': 'VERSION = "1.2.0"\n\n\ndef process_order(order):\n    raise RuntimeError("orders broken")\n',
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

export class DemoSiteError extends HaleError<'DEMO_SERVICE_MISSING'> {}

/** infra/examples/hale.demo.yaml: the embedded demo's site (also from the compiled dist/ tree). */
export function demoConfigFile(): string {
  const inDist = __dirname.includes(`${path.sep}dist${path.sep}`);
  return path.resolve(__dirname, '..', ...(inDist ? ['..'] : []), 'infra', 'examples', 'hale.demo.yaml');
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
    const imported = [...wheels.imported, ...bundles.imported].map((r) => r.path);
    if (imported.length > 0) opts.say(`demo artifacts imported: ${imported.join(', ')}`);
    const envRoot = service.installPath;
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
