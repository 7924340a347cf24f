import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRouterError } from './errors';

/** Control request bodies are small JSON documents. */
export const MAX_CONTROL_BODY = 64 * 1024;

/** An answer of the control API with its status; thrown by handlers, written by `sendError`. */
export class ControlReply extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ControlReply';
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Writes `{"error": {code, message, field?}}` for any error a control handler threw. */
export function sendError(res: ServerResponse, err: unknown): void {
  let status = 500;
  let code = 'ROUTER_INTERNAL';
  let field: string | undefined;
  if (err instanceof ControlReply) {
    status = err.status;
    code = err.code;
    field = err.field;
  } else if (isRouterError(err)) {
    status = err.code === 'ROUTER_CONFIG_INVALID' ? 400 : err.code === 'ROUTER_CONFLICT' ? 409 : 500;
    code = err.code;
    field = typeof err.details.field === 'string' ? err.details.field : undefined;
  }
  const message = err instanceof Error ? err.message : String(err);
  sendJson(res, status, { error: { code, message, ...(field === undefined ? {} : { field }) } });
}

/** Reads a JSON body (empty = `{}`); 413 past MAX_CONTROL_BODY, 400 naming `(body)` when not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CONTROL_BODY) {
      throw new ControlReply(413, 'ROUTER_CONFIG_INVALID', `body over ${MAX_CONTROL_BODY} bytes`, '(body)');
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ControlReply(
      400,
      'ROUTER_CONFIG_INVALID',
      `body is not JSON: ${(err as Error).message}`,
      '(body)',
    );
  }
}
