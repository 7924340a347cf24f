/**
 * Workflow spans leave the sandbox through the `exporter` sink, which copies the whole
 * `WorkflowInfo` onto their attributes — memo, last result, last failure and search attributes
 * included. Those are not valid OpenTelemetry attribute values and may carry payload data, so
 * this processor keeps only primitive attributes (Dates as ISO strings), drops payload-bearing
 * ones and secret-named ones, and redacts secret-shaped strings before the shared processor sees
 * the span.
 */
import type { Context } from '@opentelemetry/api';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { isSecretKey, redactString } from './redact';

const PAYLOAD_ATTRIBUTES = new Set(['memo', 'lastResult', 'lastFailure']);

export class WorkflowSpanProcessor implements SpanProcessor {
  constructor(private readonly inner: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  /** Sink spans are plain objects (not SDK `Span`s), so a shallow copy keeps every field. */
  onEnd(span: ReadableSpan): void {
    this.inner.onEnd({ ...span, attributes: sanitizeAttributes(span.attributes) });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

export function sanitizeAttributes(attributes: Attributes): Attributes {
  const clean: Attributes = {};
  for (const [key, value] of Object.entries(attributes as Record<string, unknown>)) {
    if (PAYLOAD_ATTRIBUTES.has(key) || isSecretKey(key)) continue;
    const kept = toAttributeValue(value);
    if (kept !== undefined) clean[key] = kept;
  }
  return clean;
}

function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return value.map((v: string) => redactString(v));
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  if (Array.isArray(value) && value.every((v) => typeof v === 'boolean')) return value as boolean[];
  return undefined;
}
