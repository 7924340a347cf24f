import { REDACTED, isSecretKey, redactSecrets, redactString } from '../../../lib/telemetry';
import {
  HARMLESS,
  OPENSSH_PEM_THEN_TEXT,
  SECRET_KEYS,
  SECRET_SAMPLES,
  UNTERMINATED_PEM,
} from './fixtures/secrets';

describe('redactString', () => {
  it.each(SECRET_SAMPLES)('removes a $kind', ({ value, leaks, keeps }) => {
    const out = redactString(`before ${value} after`);
    for (const leak of leaks) expect(out).not.toContain(leak);
    for (const kept of keeps ?? []) expect(out).toContain(kept);
    expect(out.startsWith('before ')).toBe(true);
  });

  it.each([
    ['postgres://user:pass@host/db', 'postgres://user:***@host/db'],
    ['redis://:only-pw@cache:6379', 'redis://:***@cache:6379'],
    ['mysql://u:p@ss@w0rd@h:3306', 'mysql://u:***@h:3306'],
    ['two https://a:x1@one.io and amqp://b:x2@two.io', 'two https://a:***@one.io and amqp://b:***@two.io'],
    ['Authorization: Bearer abc', 'Authorization: [REDACTED]'],
    ['cookie: sid=1; theme=dark', 'cookie: [REDACTED]'],
    ['{"password":"hunter2","user":"bob"}', '{"password":"[REDACTED]","user":"bob"}'],
    ['{\\"api_key\\":\\"k-1\\"}', '{\\"api_key\\":\\"[REDACTED]\\"}'],
    ['DB_PASSWORD=pw1 PORT=5432', 'DB_PASSWORD=[REDACTED] PORT=5432'],
    ['client_secret: s3 ok', 'client_secret: [REDACTED] ok'],
    ['https://x.io/cb?access_token=t1&state=s', 'https://x.io/cb?access_token=[REDACTED]&state=s'],
    ['xoxb-1234567890-abcdefghij', REDACTED],
    [UNTERMINATED_PEM, REDACTED],
    [OPENSSH_PEM_THEN_TEXT, `${REDACTED} tail`],
  ])('%s → %s', (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it.each([
    'Basic checks passed',
    'api.example.com resolved to 10.0.0.1',
    'token_count=5 max_tokens=100',
    'the deploy token was rotated',
    'https://example.com/path?page=2',
    'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'workflow remediation-42 finished in 1.5s',
  ])('leaves harmless text alone: %s', (text) => {
    expect(redactString(text)).toBe(text);
  });

  it('is idempotent', () => {
    for (const { value } of SECRET_SAMPLES) {
      const once = redactString(value);
      expect(redactString(once)).toBe(once);
    }
  });

  it('stays fast on large inputs without separators', () => {
    const big = 'a'.repeat(200_000) + '.' + 'b-'.repeat(100_000);
    const started = Date.now();
    redactString(big);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('isSecretKey', () => {
  it.each(SECRET_KEYS)('%s is secret', (key) => expect(isSecretKey(key)).toBe(true));
  it.each([
    'tokenCount',
    'max_tokens',
    'token_count',
    'publicKey',
    'idempotencyKey',
    'author',
    'bypass',
    'service',
    'keyId',
  ])('%s is not secret', (key) => expect(isSecretKey(key)).toBe(false));
});

describe('redactSecrets', () => {
  it('redacts by key at any depth, including arrays, without mutating the input', () => {
    const input = { a: [{ token: 't' }, { b: { Password: 'p', keep: 'k' } }], ...HARMLESS };
    const copy = structuredClone(input);
    expect(redactSecrets(input)).toEqual({
      a: [{ token: REDACTED }, { b: { Password: REDACTED, keep: 'k' } }],
      ...HARMLESS,
    });
    expect(input).toEqual(copy);
  });

  it('keeps null, undefined and primitives as they are', () => {
    expect(redactSecrets({ password: null, n: 1, b: false, u: undefined })).toEqual({
      password: null,
      n: 1,
      b: false,
      u: undefined,
    });
    expect(redactSecrets(42)).toBe(42);
    expect(redactSecrets(null)).toBeNull();
  });

  it('turns errors into plain objects with redacted message, stack, props and cause', () => {
    const err = Object.assign(new RangeError('bad Bearer xyz'), { code: 'E1', apiKey: 'k' });
    (err as { cause?: unknown }).cause = new Error('inner password=p');
    const out = redactSecrets(err) as Record<string, unknown>;
    expect(out).toMatchObject({
      type: 'RangeError',
      message: 'bad Bearer [REDACTED]',
      code: 'E1',
      apiKey: REDACTED,
    });
    expect(out['stack']).toEqual(expect.stringContaining('RangeError: bad Bearer [REDACTED]'));
    expect(out['cause']).toMatchObject({ type: 'Error', message: 'inner password=[REDACTED]' });
  });

  it('uses toJSON forms (URL, Date) and marks cycles', () => {
    const cyclic: Record<string, unknown> = { url: new URL('https://u:pw@h.io/x'), at: new Date(0) };
    cyclic['self'] = cyclic;
    expect(redactSecrets(cyclic)).toEqual({
      url: 'https://u:***@h.io/x',
      at: '1970-01-01T00:00:00.000Z',
      self: '[Circular]',
    });
  });

  it('repeats shared (non-cyclic) references instead of calling them circular', () => {
    const shared = { v: 1 };
    expect(redactSecrets({ a: shared, b: shared })).toEqual({ a: { v: 1 }, b: { v: 1 } });
  });
});
