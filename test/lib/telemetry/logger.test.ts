import { isHaleError } from '../../../lib/errors';
import { createLogger } from '../../../lib/telemetry';
import type { Logger } from '../../../lib/telemetry';
import { HARMLESS, SECRET_KEYS, SECRET_SAMPLES } from './fixtures/secrets';
import { memoryDestination } from './support';

type Placement = [string, (log: Logger, value: string) => void];

const PLACEMENTS: Placement[] = [
  ['a field', (log, v) => log.info({ detail: v }, 'field')],
  ['a nested field in an array', (log, v) => log.info({ a: { b: [{ c: v }] } }, 'nested')],
  ['the message', (log, v) => log.info(`connecting with ${v} now`)],
  ['a format argument', (log, v) => log.info('connecting with %s now', v)],
  ['a %j format argument', (log, v) => log.info('payload %j', { inner: v })],
  ['an Error passed alone', (log, v) => log.error(new Error(`failed with ${v}`))],
  ['an Error under err', (log, v) => log.error({ err: new Error(`failed with ${v}`) }, 'boom')],
  ['an Error cause', (log, v) => log.error({ err: new Error('outer', { cause: new Error(v) }) }, 'boom')],
  ['a child binding', (log, v) => log.child({ conn: v }).info('child')],
  ['a grandchild binding', (log, v) => log.child({ a: 1 }).child({ conn: v }).warn('grandchild')],
  [
    'setBindings',
    (log, v) => {
      const child = log.child({});
      child.setBindings({ conn: v });
      child.info('rebound');
    },
  ],
  ['a child msgPrefix', (log, v) => log.child({}, { msgPrefix: `[${v}] ` }).info('prefixed')],
];

function capture(write: (log: Logger) => void): { text: string; records: Record<string, unknown>[] } {
  const dest = memoryDestination();
  write(createLogger({ name: 'test', level: 'trace', destination: dest }));
  return { text: dest.text(), records: dest.records() };
}

describe('createLogger redaction', () => {
  describe.each(SECRET_SAMPLES)('$kind', (sample) => {
    it.each(PLACEMENTS)('is redacted in %s', (_where, write) => {
      const { text, records } = capture((log) => write(log, sample.value));
      expect(records).toHaveLength(1);
      for (const leak of sample.leaks) expect(text).not.toContain(leak);
      for (const kept of sample.keeps ?? []) expect(text).toContain(kept);
      expect(text).toMatch(/\[REDACTED\]|:\*\*\*@/);
    });
  });

  it.each(SECRET_KEYS)('redacts the value of key %s at top level, nested and in arrays', (key) => {
    const { text, records } = capture((log) => {
      log.info({ [key]: 'plainValue123' }, 'top');
      log.info({ outer: { inner: { [key]: 'plainValue123' } } }, 'nested');
      log.info({ list: [{ [key]: 'plainValue123' }, 'x'] }, 'array');
      log.child({ [key]: 'plainValue123' }).info('binding');
      log.error({ err: Object.assign(new Error('with props'), { [key]: 'plainValue123' }) }, 'error prop');
    });
    expect(records).toHaveLength(5);
    expect(text).not.toContain('plainValue123');
    expect(records[0]?.[key]).toBe('[REDACTED]');
  });

  it('keeps harmless fields intact, next to secrets', () => {
    const { records } = capture((log) =>
      log.info({ ...HARMLESS, password: 'x-secret' }, 'harmless %s', 'arg'),
    );
    const [record] = records;
    expect(record).toMatchObject({
      ...HARMLESS,
      password: '[REDACTED]',
      msg: 'harmless arg',
      name: 'test',
      level: 30,
    });
  });

  it('keeps the URL shape of connection strings', () => {
    const { records } = capture((log) =>
      log.info({ dsn: 'postgres://hale:pw-1@db:5432/hale' }, 'to redis://:pw-2@cache:6379'),
    );
    expect(records[0]).toMatchObject({
      dsn: 'postgres://hale:***@db:5432/hale',
      msg: 'to redis://:***@cache:6379',
    });
  });

  it('serializes errors with type, message and stack, redacted', () => {
    const { records } = capture((log) => log.error(new TypeError('bad token=abc123 here')));
    const err = records[0]?.['err'] as Record<string, unknown>;
    expect(err['type']).toBe('TypeError');
    expect(err['message']).toBe('bad token=[REDACTED] here');
    expect(String(err['stack'])).toContain('TypeError: bad token=[REDACTED] here');
    expect(records[0]?.['msg']).toBe('bad token=[REDACTED] here');
  });

  it('redacts what a child serializer or formatter produces', () => {
    const { text } = capture((log) => {
      const child = log.child(
        {},
        {
          serializers: { conn: () => 'amqp://u:serializer-leak@mq' },
          formatters: { log: (o) => ({ ...o, extra: 'Bearer formatter-leak' }) },
        },
      );
      child.info({ conn: 'whatever' }, 'custom');
    });
    expect(text).not.toContain('serializer-leak');
    expect(text).not.toContain('formatter-leak');
  });

  it('does not mutate the logged object', () => {
    const payload = { password: 'keep-me', nested: { token: 'keep-me-too' } };
    capture((log) => log.info(payload, 'no mutation'));
    expect(payload).toEqual({ password: 'keep-me', nested: { token: 'keep-me-too' } });
  });

  describe('level', () => {
    const saved = process.env['HALE_LOG_LEVEL'];
    afterEach(() => {
      if (saved === undefined) delete process.env['HALE_LOG_LEVEL'];
      else process.env['HALE_LOG_LEVEL'] = saved;
    });

    it('defaults to info', () => {
      delete process.env['HALE_LOG_LEVEL'];
      expect(createLogger({ name: 't', destination: memoryDestination() }).level).toBe('info');
    });

    it('reads HALE_LOG_LEVEL', () => {
      process.env['HALE_LOG_LEVEL'] = 'debug';
      expect(createLogger({ name: 't', destination: memoryDestination() }).level).toBe('debug');
    });

    it('rejects an unknown level with TELEMETRY_BAD_LOG_LEVEL', () => {
      let caught: unknown;
      try {
        createLogger({ name: 't', level: 'loud', destination: memoryDestination() });
      } catch (err) {
        caught = err;
      }
      expect(isHaleError(caught) && caught.code).toBe('TELEMETRY_BAD_LOG_LEVEL');
    });
  });
});
