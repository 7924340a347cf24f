import { HaleError, isHaleError } from '../errors';

export type DbErrorCode =
  | 'DB_UNREACHABLE' // cannot connect, connection lost, authentication refused
  | 'DB_QUERY' // the server rejected a statement (details.sqlState says why)
  | 'DB_LOCKED' // the embedded data directory is held by a live process
  | 'DB_CLOSED' // handle or transaction used after close / commit
  | 'DB_CONFIG' // bad URL or options
  | 'MIGRATION_FAILED';

const DB_CODES: ReadonlySet<string> = new Set<DbErrorCode>([
  'DB_UNREACHABLE',
  'DB_QUERY',
  'DB_LOCKED',
  'DB_CLOSED',
  'DB_CONFIG',
  'MIGRATION_FAILED',
]);

/** Error raised by lib/db. `details.sqlState` carries the Postgres SQLSTATE when there is one. */
export class DbError extends HaleError<DbErrorCode> {}

export function isDbError(err: unknown): err is DbError {
  return isHaleError(err) && DB_CODES.has(err.code);
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db` (also inside longer text). */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/\s]*@/gi, '$1:***@');
}

/** The password of a connection URL (raw and percent-decoded), for scrubbing error text. */
export function urlSecrets(url: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:([^@/\s]+)@/i.exec(url);
  if (!m?.[1]) return [];
  const decoded = safeDecode(m[1]);
  return decoded === m[1] ? [m[1]] : [m[1], decoded];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch (err) {
    if (err instanceof URIError) return s; // malformed escape: the raw form is still scrubbed
    throw err;
  }
}

export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = redactUrl(text);
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('***');
  return out;
}

interface ErrorLike {
  message: string;
  name?: unknown;
  stack?: unknown;
  cause?: unknown;
}

/** By shape, not `instanceof Error`: errors may come from another realm (PGlite loaded outside a vm). */
export function isErrorLike(err: unknown): err is ErrorLike {
  return (
    typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string'
  );
}

/** Scrubs secrets out of an error (and its causes) in place, so a logged `cause` cannot leak them. */
function scrubError(err: unknown, secrets: readonly string[], depth = 0): void {
  if (!isErrorLike(err) || depth > 5) return;
  err.message = scrub(err.message, secrets);
  if (typeof err.stack === 'string') err.stack = scrub(err.stack, secrets);
  const props = err as unknown as Record<string, unknown>;
  for (const key of Object.keys(props)) {
    const v = props[key];
    if (typeof v === 'string') props[key] = scrub(v, secrets); // e.g. ERR_INVALID_URL's `input`
  }
  scrubError(err.cause, secrets, depth + 1);
}

interface PgLikeError {
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  detail?: unknown;
  hint?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  schema?: unknown;
}

/** The SQLSTATE of a server error (pg's DatabaseError and PGlite's both carry `severity` + `code`). */
export function sqlStateOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as PgLikeError;
  return typeof e.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)
    ? e.code
    : undefined;
}

const CONNECTION_STATES = /^(08|28|53300|57P0[1-3]|3D000)/;
const CONNECTION_MESSAGES =
  /Connection terminated|timeout expired|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EPIPE|ENOENT|EAI_AGAIN|connection timeout|timeout exceeded when trying to connect|not queryable/i;

function systemCodeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isConnectionError(err: unknown): boolean {
  const state = sqlStateOf(err);
  if (state) return CONNECTION_STATES.test(state);
  const text = `${systemCodeOf(err) ?? ''} ${isErrorLike(err) ? err.message : String(err)}`;
  return CONNECTION_MESSAGES.test(text);
}

export interface ToDbErrorOptions {
  /** Forced code; by default DB_UNREACHABLE for connection failures, DB_QUERY otherwise. */
  code?: DbErrorCode;
  /** Prefix for the message, e.g. "cannot reach postgres://u:***@h/db". */
  context?: string;
  /** Strings (passwords) to scrub from messages. */
  secrets?: readonly string[];
  details?: Record<string, unknown>;
}

/** Wraps any error thrown by pg / PGlite as a DbError; DbErrors pass through unchanged. */
export function toDbError(err: unknown, opts: ToDbErrorOptions = {}): DbError {
  if (isDbError(err)) return err;
  const secrets = opts.secrets ?? [];
  scrubError(err, secrets);
  const sqlState = sqlStateOf(err);
  const code = opts.code ?? (isConnectionError(err) ? 'DB_UNREACHABLE' : 'DB_QUERY');
  const raw = isErrorLike(err) ? err.message || systemCodeOf(err) || String(err.name) : String(err);
  const message = scrub(opts.context ? `${opts.context}: ${raw}` : raw, secrets);
  const details: Record<string, unknown> = { ...opts.details };
  if (sqlState) details.sqlState = sqlState;
  else if (systemCodeOf(err)) details.errno = systemCodeOf(err);
  const e = (typeof err === 'object' && err !== null ? err : {}) as PgLikeError;
  for (const key of ['detail', 'hint', 'constraint', 'table', 'column', 'schema'] as const) {
    const v = e[key];
    if (typeof v === 'string' && v.length > 0) details[key] = scrub(v, secrets);
  }
  return new DbError(code, message, { cause: err, details });
}
