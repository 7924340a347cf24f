import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, bundleWorkflowCode } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApi, databaseReadiness, readinessConnection, temporalReadiness } from '../api';
import type { HaleConfig } from '../lib/config';
import { migrate, openDatabase, openPg, openPglite, redactUrl, serveEmbedded, type Db } from '../lib/db';
import { ensureSigner, startCheckpointer } from '../lib/ledger';
import { isPortInUse } from '../lib/net';
import {
  clientInterceptors,
  createLogger,
  createMetrics,
  createTracing,
  workerInterceptorsAndSinks,
  workflowInterceptorModules,
} from '../lib/telemetry';
import {
  bootstrapNamespace,
  ensureCacheWarmSchedule,
  resolveTemporalCli,
  startDevServer,
  type DevServer,
} from '../infra/temporal';
import {
  announceRunner,
  createControlWorker,
  createRunnerWorkers,
  runWorkers,
  workflowsPath,
} from '../workers';
import { CONTROL_TASK_QUEUE, hostOsOf, type HostOs } from '../workflows/definitions';
import { siteRunnerActions } from '../runner-agents/linux/site-runner';
import { startSiteRouters, type SiteRouter } from '../runner-agents/linux/site-routers';
import { StackError } from './stack-error';
import { runnerStore } from './stack-site';
import { installSdkLogger } from './sdk-logger';

export interface StackOptions {
  config: HaleConfig;
  log?: Logger;
  /** Human progress lines (the CLI prints them). */
  onProgress?: (line: string) => void;
  stageDelayMs?: number;
  watchSeconds?: number;
  /** Which parts to run (default: all). */
  parts?: { api?: boolean; control?: boolean; runner?: boolean };
}

export interface Stack {
  config: HaleConfig;
  temporalAddress: string;
  uiUrl?: string;
  apiUrl?: string;
  databaseUrl?: string;
  db: Db;
  client: Client;
  /** The traffic routers of this host's blue/green services (started by the stack, stopped by stop()). */
  routers: SiteRouter[];
  stop(): Promise<void>;
  /** Settles when the workers stop on their own (crash) — the CLI then exits non-zero. */
  workersDone: Promise<void>;
}

/** Starts the embedded stack (`hale up`): Temporal dev server, Postgres, workers, API. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const { config } = opts;
  const say = opts.onProgress ?? (() => undefined);
  const log = opts.log ?? createLogger({ name: 'hale' });
  const parts = { api: true, control: true, runner: true, ...opts.parts };
  installSdkLogger(log);
  const cleanups: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  // Idempotent: every caller waits for the same single pass over the clean-ups, newest first.
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          await cleanup();
        } catch (err) {
          log.error({ err }, 'error while stopping');
        }
      }
    })());
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    if (parts.api && (await isPortInUse(config.api.port, config.api.host))) {
      throw new StackError(
        'PORT_IN_USE',
        `API port ${config.api.host}:${config.api.port} is already in use (set HALE_API_PORT)`,
      );
    }
    let address = config.temporal.address;
    let devServer: DevServer | undefined;
    if (!address) {
      const cli = await resolveTemporalCli({ onProgress: say });
      say(`starting Temporal dev server (${cli.path})`);
      devServer = await startDevServer({
        cliPath: cli.path,
        dataDir: path.join(config.dataDir, 'temporal'),
        host: config.temporal.host,
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        namespace: config.temporal.namespace,
      });
      cleanups.push(() => devServer!.stop());
      address = devServer.address;
      say(`Temporal at ${address}, UI ${devServer.uiUrl}`);
    }
    const connection = await Connection.connect({ address });
    cleanups.push(() => connection.close());
    await bootstrapNamespace(connection, config.temporal.namespace);

    let db: Db;
    let databaseUrl = config.database.url;
    if (databaseUrl) {
      db = await openPg(databaseUrl);
    } else {
      // This process holds the PGlite files and serves them; everyone, this process included,
      // then queries through the socket (one connection at a time: see docs/database.md).
      const embedded = await openPglite(config.dataDir);
      cleanups.push(() => embedded.close());
      await migrate(embedded);
      const served = await serveEmbedded(embedded, { dataDir: config.dataDir, host: '127.0.0.1', port: 0 });
      cleanups.push(() => served.close());
      databaseUrl = served.url;
      db = await openDatabase({ dataDir: config.dataDir });
      say(
        `embedded Postgres (PGlite) under ${config.dataDir}, served to other processes at ${redactUrl(served.url)}`,
      );
    }
    const dbHandle = db;
    cleanups.push(() => dbHandle.close());
    await migrate(db);

    const tracing = createTracing({ serviceName: 'hale' });
    cleanups.push(() => tracing.shutdown());
    const metrics = createMetrics();
    const client = new Client({
      connection,
      namespace: config.temporal.namespace,
      interceptors: clientInterceptors(tracing),
    });
    const telemetry = workerInterceptorsAndSinks(tracing);
    const native = await NativeConnection.connect({ address });
    cleanups.push(() => native.close());

    const workers = [];
    if (parts.control) {
      // The control plane's key signs ledger checkpoints (registered as the root key on first start).
      const signer = await ensureSigner(db, config.dataDir);
      const policy = {
        everyEntries: config.ledger.checkpointEveryEntries,
        everySeconds: config.ledger.checkpointEverySeconds,
      };
      const checkpointer = startCheckpointer(db, signer, policy, log);
      cleanups.push(() => checkpointer.stop());
      const workflowBundle = await bundleWorkflowCode({
        workflowsPath,
        workflowInterceptorModules: [...workflowInterceptorModules],
        logger: quietBundlerLogger(log),
      });
      workers.push(
        await createControlWorker({
          connection: native,
          namespace: config.temporal.namespace,
          db,
          log,
          workflowBundle,
          stageDelayMs: opts.stageDelayMs,
          telemetry,
          tracer: tracing.tracer,
          onStage: (stage, status) => metrics.stageTotal.inc({ stage, status }),
          config,
          metrics,
        }),
      );
      if (config.artifactStore.mirrors.length > 0) {
        const outcome = await ensureCacheWarmSchedule(client, {
          taskQueue: CONTROL_TASK_QUEUE,
          cron: config.artifactStore.cacheWarmCron,
        });
        say(
          `artifact cache warm schedule ${outcome} (${config.artifactStore.cacheWarmCron} UTC, ${config.artifactStore.mirrors.length} mirror folder(s))`,
        );
      }
    }
    let announce: (() => Promise<string>) | undefined;
    const routers: SiteRouter[] = [];
    if (parts.runner) {
      const linux = thisHostOs(config) === 'linux';
      const store = linux ? await runnerStore(config, db, say) : undefined;
      if (linux) {
        // Blue/green services: their routers (own processes) and live slots, before any deploy arrives.
        const served = await startSiteRouters(config, { ...(store ? { store } : {}), onProgress: say });
        cleanups.push(() => served.stop());
        routers.push(...served.routers);
      }
      const actions = linux ? siteRunnerActions(config, store) : undefined;
      workers.push(
        ...(await createRunnerWorkers({
          connection: native,
          namespace: config.temporal.namespace,
          os: thisHostOs(config),
          hostId: config.hostId,
          dataDir: config.dataDir,
          log,
          telemetry,
          ...(actions ? { actions } : {}),
        })),
      );
      if (actions) announce = () => announceRunner(client, { hostId: config.hostId, runner: actions.runner });
    }
    const running = runWorkers(workers);
    cleanups.push(() => running.shutdown());
    // The runner announces itself (shard.probe.v1); durable in Temporal even before a control worker polls.
    if (announce) {
      await announce().then(
        (id) => log.info({ workflowId: id }, 'runner registration started'),
        (err: unknown) => log.warn({ err }, 'runner registration could not be started'),
      );
    }

    let app: FastifyInstance | undefined;
    let apiUrl: string | undefined;
    if (parts.api) {
      const probe = readinessConnection(address);
      cleanups.push(() => probe.close());
      app = buildApi({
        client,
        db,
        namespace: config.temporal.namespace,
        log,
        registry: metrics.registry,
        uiUrl: devServer?.uiUrl,
        watchSeconds: opts.watchSeconds,
        checks: [temporalReadiness(probe), databaseReadiness(db)],
        onStarted: (created) =>
          metrics.remediationsStarted.inc({ outcome: created ? 'started' : 'existing' }),
        onRequest: (method, route, status, seconds) => {
          metrics.httpRequests.inc({ method, route, status: String(status) });
          metrics.httpDuration.observe({ method, route, status: String(status) }, seconds);
        },
      });
      apiUrl = await app.listen({ host: config.api.host, port: config.api.port });
      const listening = app;
      cleanups.push(() => listening.close());
      say(`API listening on ${apiUrl}`);
    }
    return {
      config,
      temporalAddress: address,
      uiUrl: devServer?.uiUrl,
      apiUrl,
      databaseUrl,
      db,
      client,
      routers,
      stop,
      workersDone: running.done,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function thisHostOs(config: HaleConfig): HostOs {
  return config.hosts.find((h) => h.id === config.hostId)?.os ?? hostOsOf(process.platform);
}

function quietBundlerLogger(log: Logger) {
  return {
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string, meta?: Record<string, unknown>) => log.warn(meta ?? {}, message),
    error: (message: string, meta?: Record<string, unknown>) => log.error(meta ?? {}, message),
    log: () => undefined,
  };
}
