/**
 * The one place that wires OpenTelemetry into Temporal. Client, worker and workflow bundle all
 * take their tracing set-up from here, built over the same {@link HaleTracing}:
 * - client:   `new Client({ …, interceptors: clientInterceptors(tracing) })`
 * - worker:   `Worker.create({ …, ...workerInterceptorsAndSinks(tracing) })`
 * - bundle:   `bundleWorkflowCode({ …, workflowInterceptorModules })` when pre-bundling.
 *
 * Uses the SDK's documented interceptor API (as in samples-typescript/interceptors-opentelemetry),
 * not `OpenTelemetryPlugin`, which 1.24 still marks experimental.
 */
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { Resource } from '@opentelemetry/resources';
import type { ClientInterceptors } from '@temporalio/client';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import type { HaleTracing } from './tracing';
import { WorkflowSpanProcessor } from './workflow-span-processor';

/** Modules with workflow interceptors, for `interceptors.workflowModules` and `bundleWorkflowCode`. */
export const workflowInterceptorModules: readonly string[] = [require.resolve('./workflow-interceptors')];

/** Interceptors for a `Client`: a `StartWorkflow`/`SignalWorkflow`/… span per call, context sent in headers. */
export function clientInterceptors(tracing: HaleTracing): ClientInterceptors {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] };
}

export interface WorkerTelemetry {
  interceptors: WorkerInterceptors;
  sinks: InjectedSinks<OpenTelemetrySinks>;
}

/**
 * Worker options: activity interceptors (`RunActivity` spans, trace ids on activity log lines),
 * the workflow interceptor modules (`RunWorkflow`, `StartActivity`, … spans inside the sandbox),
 * the client interceptors for the client the worker gives to activities, and the `exporter` sink
 * that carries workflow spans out of the sandbox into the same span processor (attributes
 * sanitized by {@link WorkflowSpanProcessor}).
 */
export function workerInterceptorsAndSinks(tracing: HaleTracing): WorkerTelemetry {
  const options = { tracer: tracing.tracer };
  return {
    interceptors: {
      client: clientInterceptors(tracing),
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx, options),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
      workflowModules: [...workflowInterceptorModules],
    },
    sinks: {
      exporter: makeWorkflowExporter(
        new WorkflowSpanProcessor(tracing.spanProcessor),
        tracing.resource as Resource,
      ),
    },
  };
}
