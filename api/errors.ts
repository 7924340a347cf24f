import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** The one error body shape of the API: `{ error: { code, message, field? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(code: string, message: string, field?: string): ApiErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'EMPTY_BODY' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_CONTENT_LENGTH' },
};

/** Maps every error to the JSON error body; never sends a stack trace. */
export function makeErrorHandler(log: Logger) {
  return (err: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): void => {
    if (err instanceof ApiError) {
      void reply.status(err.statusCode).send(errorBody(err.code, err.message, err.field));
      return;
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) {
      void reply.status(known.status).send(errorBody(known.code, err.message));
      return;
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      void reply.status(err.statusCode).send(errorBody(err.code ?? 'BAD_REQUEST', err.message));
      return;
    }
    log.error({ err, url: request.url, method: request.method }, 'unhandled API error');
    void reply.status(500).send(errorBody('INTERNAL', 'internal error; see the server log'));
  };
}
