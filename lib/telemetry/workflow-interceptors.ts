/**
 * Workflow-side OpenTelemetry interceptors. Not a workflow: this module is bundled into the
 * workflow sandbox (listed in `workflowInterceptorModules`), so it imports only the sandbox-safe
 * parts of the SDK. Spans made here leave the sandbox through the `exporter` sink.
 */
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new OpenTelemetryInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
