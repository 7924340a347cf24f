import { SpanStatusCode, type Attributes, type Tracer } from '@opentelemetry/api';

/**
 * Runs `fn` inside an active span named `name` (a child of the current span, e.g. the
 * RunActivity span of the Temporal interceptor); records a thrown error on the span. Without a
 * tracer, just runs `fn`.
 */
export async function inSpan<T>(
  tracer: Tracer | undefined,
  name: string,
  attributes: Attributes,
  fn: () => Promise<T>,
): Promise<T> {
  if (!tracer) return fn();
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: err instanceof Error ? err.message : String(err),
      });
      throw err;
    } finally {
      span.end();
    }
  });
}
