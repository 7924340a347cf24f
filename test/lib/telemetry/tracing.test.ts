import { context, propagation, trace } from '@opentelemetry/api';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  NoopSpanProcessor,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { WorkflowSpanProcessor, createTracing, sanitizeAttributes } from '../../../lib/telemetry';

describe('createTracing', () => {
  const savedEnv = { ...process.env };
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  it('exports spans with the service name to the given exporter', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracing({ serviceName: 'hale-test', exporter });
    tracing.tracer.startSpan('unit').end();
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('unit');
    expect(span?.resource.attributes['service.name']).toBe('hale-test');
    expect(tracing.spanProcessor).toBeInstanceOf(SimpleSpanProcessor);
    await tracing.shutdown();
    await tracing.shutdown();
  });

  it('keeps the active span across awaits and propagates it as W3C traceparent', async () => {
    const tracing = createTracing({ serviceName: 'hale-test', exporter: new InMemorySpanExporter() });
    await tracing.tracer.startActiveSpan('outer', async (span) => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(trace.getActiveSpan()).toBe(span);
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      expect(carrier['traceparent']).toContain(span.spanContext().traceId);
      span.end();
    });
    await tracing.shutdown();
  });

  it('batches to OTLP over HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = 'http://127.0.0.1:1';
    const tracing = createTracing({ serviceName: 'hale-test' });
    expect(tracing.spanProcessor).toBeInstanceOf(BatchSpanProcessor);
    await tracing.shutdown();
  });

  it('drops spans when no exporter is configured', async () => {
    delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    delete process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
    const tracing = createTracing({ serviceName: 'hale-test' });
    expect(tracing.spanProcessor).toBeInstanceOf(NoopSpanProcessor);
    await tracing.shutdown();
  });
});

describe('WorkflowSpanProcessor', () => {
  it('keeps primitive attributes, drops payloads and secrets, redacts strings', () => {
    const exporter = new InMemorySpanExporter();
    const processor = new WorkflowSpanProcessor(new SimpleSpanProcessor(exporter));
    const source = new InMemorySpanExporter();
    createTracing({ serviceName: 'hale-test', exporter: source }).tracer.startSpan('x').end();
    const [base] = source.getFinishedSpans();
    if (!base) throw new Error('no span');
    const attributes = {
      workflowId: 'wf-1',
      attempt: 1,
      startTime: new Date(0),
      memo: { note: 'payload' },
      lastResult: 'previous result',
      searchAttributes: { service: ['api'] },
      apiToken: 'tok',
      tags: ['a', 'Bearer xyz'],
      note: 'dsn postgres://u:pw@h/db',
    };
    processor.onEnd({ ...base, spanContext: () => base.spanContext(), attributes: attributes as never });
    expect(exporter.getFinishedSpans()[0]?.attributes).toEqual({
      workflowId: 'wf-1',
      attempt: 1,
      startTime: '1970-01-01T00:00:00.000Z',
      tags: ['a', 'Bearer [REDACTED]'],
      note: 'dsn postgres://u:***@h/db',
    });
    expect(sanitizeAttributes({ ok: true })).toEqual({ ok: true });
  });
});
