import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';

/** Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Marks a mirrored request, so the service (and its logs) can tell shadow traffic from live. */
export const SHADOW_HEADER = 'x-hale-shadow';

function connectionTokens(value: string | string[] | undefined): Set<string> {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    text
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** Raw [name, value, name, value…] without hop-by-hop headers and those the Connection header names. */
export function endToEndRaw(raw: readonly string[], connection: string | string[] | undefined): string[] {
  const named = connectionTokens(connection);
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (HOP_BY_HOP.has(name) || named.has(name)) continue;
    out.push(raw[i] as string, raw[i + 1] as string);
  }
  return out;
}

/** The headers sent upstream for a client request: end-to-end ones, plus X-Forwarded-For/-Proto. */
export function upstreamHeaders(
  req: IncomingMessage,
  extra: Record<string, string> = {},
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  const raw = endToEndRaw(req.rawHeaders, req.headers.connection);
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const prev = headers[name];
    if (prev === undefined) headers[name] = value;
    else headers[name] = Array.isArray(prev) ? [...prev, value] : [String(prev), value];
  }
  const client = req.socket.remoteAddress ?? 'unknown';
  const xff = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = xff ? `${Array.isArray(xff) ? xff.join(', ') : xff}, ${client}` : client;
  headers['x-forwarded-proto'] = 'http';
  return { ...headers, ...extra };
}

/** True when the request carries a body (Content-Length > 0 or Transfer-Encoding). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return !Number.isFinite(length) || length > 0;
}
