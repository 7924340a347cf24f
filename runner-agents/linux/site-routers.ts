import fs from 'node:fs';
import path from 'node:path';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import type { HaleConfig } from '../../lib/config';
import { HaleError } from '../../lib/errors';
import { isPortInUse } from '../../lib/net';
import { blueGreenOf, type BlueGreenDeployment, type Slot } from './blue-green';
import { routerPaths } from './blue-green/router-paths';
import type { LinuxServiceConfig } from './linux-runner';
import { pythonEnvPaths } from './python-env';
import { ProcessDriver } from './services/process-driver';
import { siteServices } from './site-runner';
import { RouterClient, type RouterConfig } from './traffic-router';

export type SiteRouterCode = 'ROUTER_NOT_BUILT' | 'ROUTER_PORT_IN_USE' | 'ROUTER_START_FAILED';

export class SiteRouterError extends HaleError<SiteRouterCode> {}

export interface SiteRouter {
  service: string;
  /** The service's public address through its router, `http://127.0.0.1:<port>`. */
  url: string;
  socketPath: string;
  /** The router's process. */
  pid: number;
  /** The slot behind blue; undefined when none was started (no store, or no environment yet). */
  live: Slot | undefined;
}

export interface SiteRouters {
  routers: SiteRouter[];
  /** Stops every router it started and both slots of those services (idempotent). */
  stop(): Promise<void>;
}

export interface SiteRoutersOptions {
  /** Needed to make the live slot serve (the deployment needs the site store); without it: routers only. */
  store?: ArtifactStore;
  onProgress?: (line: string) => void;
  /** The router's entry point (default: routerMainFile()). */
  routerMain?: string;
}

type BlueGreenService = LinuxServiceConfig & {
  blueGreen: NonNullable<LinuxServiceConfig['blueGreen']>;
  python: NonNullable<LinuxServiceConfig['python']>;
};

/** `dist/runner-agents/linux/traffic-router/main.js` of this checkout (also when running from sources). */
export function routerMainFile(): string {
  const inDist = __dirname.includes(`${path.sep}dist${path.sep}`);
  const root = path.resolve(__dirname, '..', '..', ...(inDist ? ['..'] : []));
  return path.join(root, 'dist', 'runner-agents', 'linux', 'traffic-router', 'main.js');
}

/** A slot's process as blueGreenOf's slotSpec names it (`<service>@<slot>`); stop() needs only this. */
const slotDriver = (svc: LinuxServiceConfig, slot: Slot) =>
  new ProcessDriver({
    name: `${svc.name}@${slot}`,
    command: [],
    cwd: svc.process.cwd,
    stateDir: svc.process.stateDir,
  });

/** The service's deployment as the runner builds it (it needs the store, even to read its state). */
function deploymentOf(
  config: HaleConfig,
  svc: BlueGreenService,
  store: ArtifactStore | undefined,
): BlueGreenDeployment | undefined {
  if (!store) return undefined;
  return blueGreenOf({
    name: svc.name,
    envRoot: svc.python.envRoot,
    audit: svc.python.audit,
    process: svc.process,
    blueGreen: svc.blueGreen,
    store,
    workDir: path.join(config.dataDir, 'runner', 'work'),
  }).deployment;
}

/** Starts (or adopts) one service's router process; resolves once both of its listeners answer. */
async function startRouterProcess(
  config: HaleConfig,
  svc: BlueGreenService,
  port: number,
  main: string,
  live: Slot,
): Promise<{ driver: ProcessDriver; pid: number }> {
  const paths = routerPaths(config.dataDir, svc.name);
  fs.mkdirSync(paths.dir, { recursive: true });
  const driver = new ProcessDriver({
    name: svc.name,
    command: [process.execPath, main, '--config', paths.configFile],
    cwd: paths.dir,
    stateDir: paths.dir,
    stopTimeoutMs: 10000,
  });
  if (!driver.status().running && (await isPortInUse(port, '127.0.0.1'))) {
    throw new SiteRouterError('ROUTER_PORT_IN_USE', `${svc.name}: router port 127.0.0.1:${port} is in use`, {
      details: { service: svc.name, port },
    });
  }
  const routerConfig: RouterConfig = {
    service: svc.name,
    listen: { host: '127.0.0.1', port },
    socketPath: paths.socket,
    stateFile: paths.stateFile,
    // used only while there is no persisted route state (which wins: a restarted router resumes)
    upstreams: { blue: `http://127.0.0.1:${svc.blueGreen.slots[live]}` },
  };
  fs.writeFileSync(paths.configFile, `${JSON.stringify(routerConfig, null, 2)}\n`);
  const state = await driver.start();
  try {
    const view = await new RouterClient(paths.socket).waitReady(10000);
    // the control socket is bound before the public port: a router that cannot listen exits
    const serving = (await isPortInUse(port, '127.0.0.1')) && driver.status().running;
    if (view.pid !== state.pid || !serving)
      throw new Error(`pid ${view.pid} on the socket, serving ${serving}`);
  } catch (err) {
    await driver.stop();
    throw new SiteRouterError(
      'ROUTER_START_FAILED',
      `${svc.name}: the router did not come up (log in ${paths.dir})`,
      {
        cause: err,
        details: { service: svc.name },
      },
    );
  }
  return { driver, pid: state.pid };
}

/**
 * For every blue/green service of this host: its traffic router as its own process (it is meant to
 * outlive the runner; one already running is adopted) on 127.0.0.1:<blue_green.port>, control socket
 * and route state under <data_dir>/runner/routers, blue = the live slot (slot a on a new site, else
 * what the persisted state says); then, given the store, the live slot is started on the current
 * environment unless it runs (the deployment's ensureLive), so the router has a healthy blue.
 */
export async function startSiteRouters(
  config: HaleConfig,
  opts: SiteRoutersOptions = {},
): Promise<SiteRouters> {
  const say = opts.onProgress ?? (() => undefined);
  const services = siteServices(config).filter((s): s is BlueGreenService => !!(s.blueGreen && s.python));
  const started: { svc: LinuxServiceConfig; driver: ProcessDriver }[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const errors: unknown[] = [];
      for (const { svc, driver } of started.splice(0).reverse()) {
        for (const d of [driver, slotDriver(svc, 'a'), slotDriver(svc, 'b')]) {
          await d.stop().catch((err: unknown) => errors.push(err));
        }
      }
      if (errors.length > 0) throw errors[0];
    })());
  const routers: SiteRouter[] = [];
  try {
    const main = opts.routerMain ?? routerMainFile();
    if (services.length > 0 && !fs.existsSync(main)) {
      throw new SiteRouterError('ROUTER_NOT_BUILT', `${main} is missing: run \`npm run build\` first`, {
        details: { file: main },
      });
    }
    for (const svc of services) {
      const port = config.services.find((s) => s.name === svc.name)?.blueGreen?.port as number;
      const deployment = deploymentOf(config, svc, opts.store);
      const { driver, pid } = await startRouterProcess(
        config,
        svc,
        port,
        main,
        deployment?.state().live ?? 'a',
      );
      started.push({ svc, driver });
      const url = `http://127.0.0.1:${port}`;
      say(`traffic router for ${svc.name} on ${url} (pid ${pid})`);
      let live: Slot | undefined;
      if (!deployment) {
        say(`${svc.name}: no artifact store, so no slot is started`);
      } else if (!fs.existsSync(pythonEnvPaths(svc.python.envRoot).current)) {
        say(`${svc.name}: no environment under ${svc.python.envRoot} yet, so no slot is started`);
      } else {
        live = (await deployment.ensureLive()).live;
        say(`${svc.name}: slot ${live} serves behind ${url}`);
      }
      routers.push({
        service: svc.name,
        url,
        socketPath: routerPaths(config.dataDir, svc.name).socket,
        pid,
        live,
      });
    }
  } catch (err) {
    await stop().catch((stopErr: unknown) => say(`while stopping after a failed start: ${String(stopErr)}`));
    throw err;
  }
  return { routers, stop };
}
