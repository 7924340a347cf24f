import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../../lib/db';
import {
  clientInterceptors,
  createTracing,
  workerInterceptorsAndSinks,
  type HaleTracing,
} from '../../lib/telemetry';
import { createControlWorker, createRunnerWorkers, runWorkers } from '../../workers';
import { PIPELINE_STAGES } from '../../workflows/definitions';
import type { remediationWorkflow } from '../../workflows';
import { openTestDb } from '../support/db';
import { silentLogger } from '../support/logger';
import { makeRequest } from '../support/requests';
import { startTestTemporal, uniqueId } from '../support/temporal';

describe('OpenTelemetry: one span per pipeline stage, inside the Temporal spans', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let tracing: HaleTracing;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    env = await startTestTemporal();
    db = await openTestDb();
    tracing = createTracing({ serviceName: 'hale-stage-spans-test', exporter });
  });
  afterAll(async () => {
    await tracing?.shutdown();
    await db?.close();
    await env?.teardown();
  });

  it('names each stage span after the stage and parents it on RunActivity:recordStage', async () => {
    const taskQueue = uniqueId('hale.control.spans');
    const hostId = uniqueId('host');
    const telemetry = workerInterceptorsAndSinks(tracing);
    const workers = runWorkers([
      await createControlWorker({
        connection: env.nativeConnection,
        namespace: 'default',
        db,
        log: silentLogger,
        taskQueue,
        telemetry,
        tracer: tracing.tracer,
      }),
      ...(await createRunnerWorkers({
        connection: env.nativeConnection,
        namespace: 'default',
        os: 'linux',
        hostId,
        dataDir: process.cwd(),
        log: silentLogger,
        telemetry,
      })),
    ]);
    try {
      const client = new Client({ connection: env.connection, interceptors: clientInterceptors(tracing) });
      const request = makeRequest(hostId);
      const result = await client.workflow.execute<typeof remediationWorkflow>('remediationWorkflow', {
        workflowId: request.id,
        taskQueue,
        args: [{ request, watchSeconds: 0 }],
      });
      expect(result.status).toBe('success');
    } finally {
      await workers.shutdown();
    }
    const spans = exporter.getFinishedSpans();
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    for (const stage of PIPELINE_STAGES) {
      const span = spans.find((s) => s.name === stage);
      expect(span).toBeDefined();
      expect(span?.attributes['hale.stage']).toBe(stage);
      expect(byId.get(span?.parentSpanId ?? '')?.name).toBe('RunActivity:recordStage');
    }
    expect(spans.some((s) => s.name === 'RunWorkflow:remediationWorkflow')).toBe(true);
  });
});
