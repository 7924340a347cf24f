/**
 * Deep, pure redaction of secrets in any value about to be logged or recorded as evidence.
 * Never mutates its input; returns a JSON-shaped copy.
 */
import { REDACTED, isSecretKey, redactString } from './redact-patterns';

export { REDACTED, isSecretKey, redactString };

const MAX_DEPTH = 32;

/**
 * Returns a copy of `value` in which
 * - every property whose KEY looks secret (see {@link isSecretKey}) is `[REDACTED]`, at any depth,
 *   in objects and in arrays;
 * - every string is passed through {@link redactString} (secret-shaped VALUES);
 * - Errors become plain `{ type, message, stack, …props, cause }` objects with the same rules applied
 *   (their message and stack included);
 * - objects with `toJSON` (Date, URL, Buffer) are redacted in their JSON form;
 * - cycles become `'[Circular]'` and nesting deeper than 32 levels `'[Truncated]'`.
 */
export function redactSecrets(value: unknown): unknown {
  return redactValue(value, new WeakSet<object>(), 0);
}

/** {@link redactSecrets} for a record, keeping the record type (pino formatters, bindings). */
export function redactRecord<T extends object>(record: T): T {
  return redactSecrets(record) as T;
}

function redactValue(value: unknown, ancestors: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  ancestors.add(value);
  try {
    if (isErrorLike(value)) return redactError(value, ancestors, depth);
    if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item, ancestors, depth + 1));
    if (hasToJSON(value)) return redactValue(value.toJSON(), ancestors, depth + 1);
    return redactEntries(value, {}, ancestors, depth);
  } finally {
    ancestors.delete(value);
  }
}

function redactEntries(
  source: object,
  target: Record<string, unknown>,
  ancestors: WeakSet<object>,
  depth: number,
): Record<string, unknown> {
  for (const [key, item] of Object.entries(source)) {
    target[key] =
      isSecretKey(key) && item !== undefined && item !== null
        ? REDACTED
        : redactValue(item, ancestors, depth + 1);
  }
  return target;
}

function redactError(err: Error, ancestors: WeakSet<object>, depth: number): Record<string, unknown> {
  const type =
    typeof err.constructor === 'function' && err.constructor.name ? err.constructor.name : err.name;
  const out: Record<string, unknown> = { type, message: redactString(String(err.message)) };
  if (typeof err.stack === 'string') out['stack'] = redactString(err.stack);
  redactEntries(err, out, ancestors, depth);
  if (err.cause !== undefined && !('cause' in out))
    out['cause'] = redactValue(err.cause, ancestors, depth + 1);
  const { errors } = err as { errors?: unknown };
  if (Array.isArray(errors) && !('errors' in out))
    out['aggregateErrors'] = redactValue(errors, ancestors, depth + 1);
  return out;
}

/** Cross-realm check: errors from the workflow sandbox or another vm context count too. */
function isErrorLike(value: object): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

function hasToJSON(value: object): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
