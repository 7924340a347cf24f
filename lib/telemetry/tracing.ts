/**
 * One OpenTelemetry tracer provider per process. The same {@link HaleTracing} is handed to the
 * Temporal client, the worker and (through sinks) the workflow sandbox; see `./temporal`.
 */
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import type { IResource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { installContextPropagation } from './context';

export interface CreateTracingOptions {
  /** `service.name` resource attribute (e.g. `hale-control-worker`). */
  serviceName: string;
  /**
   * Where spans go, exported one by one as they end (tests pass an `InMemorySpanExporter`).
   * When absent: OTLP over HTTP, batched, if `OTEL_EXPORTER_OTLP_ENDPOINT` (or
   * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set; otherwise spans are dropped.
   */
  exporter?: SpanExporter;
}

export interface HaleTracing {
  provider: BasicTracerProvider;
  tracer: Tracer;
  /** The provider's resource (service.name + SDK defaults); workflow spans carry it too. */
  resource: IResource;
  /** The processor every span goes through, host-side and workflow-side. */
  spanProcessor: SpanProcessor;
  /** Flushes pending spans and shuts the exporter down. Idempotent. */
  shutdown(): Promise<void>;
}

export const TRACER_NAME = 'hale';

/** Builds the tracer provider and installs the global context manager and W3C propagator. */
export function createTracing(opts: CreateTracingOptions): HaleTracing {
  installContextPropagation();
  const spanProcessor = chooseSpanProcessor(opts.exporter);
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': opts.serviceName }),
    spanProcessors: [spanProcessor],
  });
  let stopping: Promise<void> | undefined;
  return {
    provider,
    tracer: provider.getTracer(TRACER_NAME),
    resource: provider.resource,
    spanProcessor,
    shutdown: () => (stopping ??= provider.shutdown()),
  };
}

function chooseSpanProcessor(exporter: SpanExporter | undefined): SpanProcessor {
  if (exporter) return new SimpleSpanProcessor(exporter);
  const env = process.env;
  if (env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) {
    // The exporter reads the endpoint (and OTEL_EXPORTER_OTLP_HEADERS etc.) from the environment itself.
    return new BatchSpanProcessor(new OTLPTraceExporter());
  }
  return new NoopSpanProcessor();
}
