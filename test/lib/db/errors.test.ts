import { isDbError, openPg, redactUrl } from '../../../lib/db';
import { toDbError, urlSecrets } from '../../../lib/db/errors';
import { closedPort } from './processes';

/** Everything an error could show in a log: message, stack, details and the cause chain. */
function everything(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const x = e as { message?: unknown; stack?: unknown; details?: unknown; cause?: unknown };
    parts.push(String(x.message), String(x.stack), JSON.stringify(x.details ?? {}));
    e = x.cause;
  }
  return parts.join('\n');
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('db errors', () => {
  it('redacts the password of connection URLs', () => {
    expect(redactUrl('postgres://hale:s3cret@db.example:5432/hale?sslmode=require')).toBe(
      'postgres://hale:***@db.example:5432/hale?sslmode=require',
    );
    expect(redactUrl('failed: postgresql://u:p%40ss@h/db and more')).toBe(
      'failed: postgresql://u:***@h/db and more',
    );
    expect(redactUrl('postgres://nopass@h/db')).toBe('postgres://nopass@h/db');
    expect(urlSecrets('postgres://u:p%40ss@h/db')).toEqual(['p%40ss', 'p@ss']);
  });

  it('keeps the SQLSTATE and server fields, and passes DbErrors through', () => {
    const serverErr = Object.assign(new Error('duplicate key value violates unique constraint "t_pkey"'), {
      severity: 'ERROR',
      code: '23505',
      constraint: 't_pkey',
      table: 't',
    });
    const err = toDbError(serverErr);
    expect(err.code).toBe('DB_QUERY');
    expect(err.details).toEqual({ sqlState: '23505', constraint: 't_pkey', table: 't' });
    expect(err.message).toBe(serverErr.message);
    expect(err.cause).toBe(serverErr);
    expect(toDbError(err)).toBe(err);
    expect(toDbError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).code).toBe(
      'DB_UNREACHABLE',
    );
    expect(toDbError(Object.assign(new Error('too many'), { severity: 'FATAL', code: '53300' })).code).toBe(
      'DB_UNREACHABLE',
    );
  });

  it('reports an unreachable server as DB_UNREACHABLE without leaking the password', async () => {
    const url = `postgres://hale:Sup3rSecretPw@127.0.0.1:${await closedPort()}/hale`;
    const err = await rejection(openPg(url, { connectTimeoutMs: 5000 }));
    expect(isDbError(err) && err.code).toBe('DB_UNREACHABLE');
    expect(isDbError(err) && err.details.url).toContain('hale:***@127.0.0.1');
    expect(everything(err)).not.toContain('Sup3rSecretPw');
  });

  it('rejects an empty or malformed URL as DB_CONFIG without leaking the password', async () => {
    expect(await rejection(openPg(''))).toMatchObject({ code: 'DB_CONFIG' });
    const err = await rejection(openPg('postgres://hale:An0therSecret@127.0.0.1:notaport/hale'));
    expect(isDbError(err) && err.code).toBe('DB_CONFIG');
    expect(everything(err)).not.toContain('An0therSecret');
  });

  it('scrubs the password from every string field of the cause', () => {
    const secret = 'Th1rdSecret';
    const cause = Object.assign(new Error(`bad postgres://u:${secret}@h/db`), {
      input: `postgres://u:${secret}@h/db`,
    });
    const err = toDbError(cause, { secrets: urlSecrets(`postgres://u:${secret}@h/db`) });
    expect(everything(err)).not.toContain(secret);
    expect(cause.input).toBe('postgres://u:***@h/db');
  });
});
