import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../lib/config';
import { migrate, openDatabase } from '../../lib/db';
import { ensureSigner, startCheckpointer } from '../../lib/ledger';
import { createLogger, createTracing, workerInterceptorsAndSinks } from '../../lib/telemetry';
import { bootstrapNamespace } from '../../infra/temporal';
import { announceRunner, createControlWorker, createRunnerWorkers, runWorkers } from '../../workers';
import { siteRunnerActions } from '../../runner-agents/linux/site-runner';
import { CONTROL_TASK_QUEUE, hostOsOf, hostTaskQueue, runnerTaskQueue } from '../../workflows/definitions';
import { checkFlags, parseArgs, stringFlag } from '../args';
import { untilSignal } from '../signals';
import { UsageError } from '../usage-error';
import { installSdkLogger } from '../sdk-logger';

export const workerHelp = `hale worker control|runner [--config FILE] [--stage-delay-ms N] [--task-queue NAME]
  Runs one worker as its own process (for real deployments). Connects to TEMPORAL_ADDRESS (else the
  configured temporal host:port). The control worker needs the database: DATABASE_URL, or the
  embedded one served by a running \`hale up\`.`;

export async function workerCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  checkFlags(args, ['config', 'stage-delay-ms', 'task-queue']);
  const kind = args.positional[0];
  if (kind !== 'control' && kind !== 'runner')
    throw new UsageError(`hale worker needs "control" or "runner"\n${workerHelp}`);
  const delayFlag = stringFlag(args, 'stage-delay-ms') ?? process.env.HALE_STAGE_DELAY_MS;
  const stageDelayMs = delayFlag === undefined ? undefined : Number(delayFlag);
  if (stageDelayMs !== undefined && !(Number.isInteger(stageDelayMs) && stageDelayMs >= 0)) {
    throw new UsageError('--stage-delay-ms must be a non-negative integer');
  }
  const config = loadConfig({ path: stringFlag(args, 'config') });
  const log = createLogger({ name: `hale-worker-${kind}` });
  installSdkLogger(log);
  const address = config.temporal.address ?? `${config.temporal.host}:${config.temporal.port}`;
  const connection = await Connection.connect({ address });
  await bootstrapNamespace(connection, config.temporal.namespace);
  await connection.close();
  const tracing = createTracing({ serviceName: `hale-worker-${kind}` });
  const telemetry = workerInterceptorsAndSinks(tracing);
  const native = await NativeConnection.connect({ address });
  const closers: (() => Promise<void>)[] = [() => native.close(), () => tracing.shutdown()];
  let workers;
  let queues: string[];
  if (kind === 'control') {
    const db = await openDatabase({ databaseUrl: config.database.url, dataDir: config.dataDir });
    closers.push(() => db.close());
    await migrate(db);
    const signer = await ensureSigner(db, config.dataDir);
    const checkpointer = startCheckpointer(
      db,
      signer,
      {
        everyEntries: config.ledger.checkpointEveryEntries,
        everySeconds: config.ledger.checkpointEverySeconds,
      },
      log,
    );
    closers.push(() => checkpointer.stop());
    const taskQueue = stringFlag(args, 'task-queue') ?? CONTROL_TASK_QUEUE;
    workers = [
      await createControlWorker({
        connection: native,
        namespace: config.temporal.namespace,
        db,
        log,
        stageDelayMs,
        telemetry,
        tracer: tracing.tracer,
        taskQueue,
        config,
      }),
    ];
    queues = [taskQueue];
  } else {
    const os = config.hosts.find((h) => h.id === config.hostId)?.os ?? hostOsOf(process.platform);
    const actions = os === 'linux' ? siteRunnerActions(config) : undefined;
    workers = await createRunnerWorkers({
      connection: native,
      namespace: config.temporal.namespace,
      os,
      hostId: config.hostId,
      dataDir: config.dataDir,
      log,
      telemetry,
      ...(actions ? { actions } : {}),
    });
    if (actions) {
      // Announce this runner (shard.probe.v1) through Temporal; recorded when a control worker runs.
      const announcer = await Connection.connect({ address });
      closers.push(() => announcer.close());
      const id = await announceRunner(
        new Client({ connection: announcer, namespace: config.temporal.namespace }),
        {
          hostId: config.hostId,
          runner: actions.runner,
        },
      );
      log.info({ workflowId: id }, 'runner registration started');
    }
    queues = [runnerTaskQueue(os), hostTaskQueue(os, config.hostId)];
  }
  const running = runWorkers(workers);
  console.log(`hale: ${kind} worker polling ${queues.join(', ')} on ${address}`);
  let signalled = false;
  const stopped = await Promise.race([
    untilSignal(() => {
      signalled = true;
      return running.shutdown();
    }).then(() => 0),
    // Workers that stop without a signal crashed or lost the server for good: exit non-zero.
    running.done.then(
      () => (signalled ? 0 : 1),
      (err: unknown) => {
        log.error({ err }, 'worker failed');
        return 1;
      },
    ),
  ]);
  for (const close of closers.reverse()) await close();
  return stopped;
}
