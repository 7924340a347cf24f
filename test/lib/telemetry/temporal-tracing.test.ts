/**
 * Integration: the Temporal wiring from lib/telemetry on a real dev server (the `temporal` CLI
 * built into .tools/bin). Client, worker and workflow sandbox share one HaleTracing; every span ends up
 * in the same in-memory exporter and in one trace.
 */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { clientInterceptors, createTracing, workerInterceptorsAndSinks } from '../../../lib/telemetry';
import type { HaleTracing } from '../../../lib/telemetry';
import { startTestTemporal, uniqueId } from '../../support/temporal';
import { createGreetActivities } from './fixtures/activities';
import { telemetryGreetWorkflow } from './fixtures/workflows';

jest.setTimeout(180_000);

describe('Temporal tracing wiring (real dev server)', () => {
  let env: TestWorkflowEnvironment | undefined;
  let tracing: HaleTracing | undefined;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    tracing = createTracing({ serviceName: 'hale-telemetry-test', exporter });
    env = await startTestTemporal(); // the CLI built into .tools/bin (or TEMPORAL_CLI), never downloaded
  });

  afterAll(async () => {
    await env?.teardown();
    await tracing?.shutdown();
  });

  it('records StartWorkflow, RunWorkflow, StartActivity and RunActivity spans in one trace', async () => {
    if (!env || !tracing) throw new Error('set-up failed');
    const taskQueue = uniqueId('telemetry');
    const workflowId = uniqueId('telemetry-greet');
    const client = new Client({
      connection: env.connection,
      namespace: env.namespace,
      interceptors: clientInterceptors(tracing),
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace,
      taskQueue,
      // The worker bundles the workflows with the interceptor modules named in workerInterceptorsAndSinks.
      workflowsPath: require.resolve('./fixtures/workflows'),
      activities: createGreetActivities(),
      ...workerInterceptorsAndSinks(tracing),
    });

    const result = await worker.runUntil(
      client.workflow.execute(telemetryGreetWorkflow, { taskQueue, workflowId, args: ['hale'] }),
    );
    expect(result).toBe('hello, hale');

    const spans = exporter.getFinishedSpans();
    const names = spans.map((s) => s.name);
    for (const expected of [
      'StartWorkflow:telemetryGreetWorkflow',
      'RunWorkflow:telemetryGreetWorkflow',
      'StartActivity:greet',
      'RunActivity:greet',
    ]) {
      expect(names).toContain(expected);
    }
    const traceIds = new Set(spans.map((s) => s.spanContext().traceId));
    expect(traceIds.size).toBe(1);
    // Parent chain: client start → workflow run → activity schedule → activity run.
    const byName = (name: string) => spans.find((s) => s.name === name);
    const start = byName('StartWorkflow:telemetryGreetWorkflow');
    const run = byName('RunWorkflow:telemetryGreetWorkflow');
    const schedule = byName('StartActivity:greet');
    const execute = byName('RunActivity:greet');
    expect(run?.parentSpanId).toBe(start?.spanContext().spanId);
    expect(schedule?.parentSpanId).toBe(run?.spanContext().spanId);
    expect(execute?.parentSpanId).toBe(schedule?.spanContext().spanId);
    expect(execute?.attributes['temporalWorkflowId']).toBe(workflowId);
    // Workflow spans carry WorkflowInfo ids, sanitized: primitives only, no payload-bearing fields.
    expect(run?.attributes).toMatchObject({ workflowId, workflowType: 'telemetryGreetWorkflow', taskQueue });
    for (const dropped of ['memo', 'lastResult', 'lastFailure', 'searchAttributes', 'retryPolicy']) {
      expect(run?.attributes).not.toHaveProperty(dropped);
    }
    expect(spans.every((s) => s.resource.attributes['service.name'] === 'hale-telemetry-test')).toBe(true);
    console.log(`spans observed: ${[...new Set(names)].join(', ')}`);
  });
});
