/** Telemetry shared by every Hale process: redacting logger, Prometheus metrics, tracing + Temporal wiring. */
export { REDACTED, isSecretKey, redactRecord, redactSecrets, redactString } from './redact';
export { createLogger } from './logger';
export type { CreateLoggerOptions, Logger, TelemetryErrorCode } from './logger';
export { createMetrics } from './metrics';
export type { CreateMetricsOptions, HaleMetrics } from './metrics';
export { TRACER_NAME, createTracing } from './tracing';
export type { CreateTracingOptions, HaleTracing } from './tracing';
export { AsyncLocalStorageContextManager, installContextPropagation } from './context';
export { clientInterceptors, workerInterceptorsAndSinks, workflowInterceptorModules } from './temporal';
export type { WorkerTelemetry } from './temporal';
export { WorkflowSpanProcessor, sanitizeAttributes } from './workflow-span-processor';
export { interceptors as workflowInterceptors } from './workflow-interceptors';
export { inSpan } from './span';
