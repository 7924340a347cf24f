/**
 * Typed error for Hale code outside workflows. `code` is a string union chosen by each module;
 * tests assert the code, never the message. `cause` keeps the underlying error.
 */
export class HaleError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: Code,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HaleError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** True when `err` is a HaleError (by shape, so it also works across realms). */
export function isHaleError(err: unknown): err is HaleError {
  return (
    err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && err.name === 'HaleError'
  );
}
