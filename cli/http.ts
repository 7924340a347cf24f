import { HaleError } from '../lib/errors';

/** Small JSON client for the Hale API (CLI and demo). */
export async function apiRequest<T>(
  baseUrl: string,
  method: 'GET' | 'POST',
  route: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(new URL(route, baseUrl), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new HaleError(
      'API_UNREACHABLE',
      `cannot reach the Hale API at ${baseUrl} (is \`hale up\` running?)`,
      { cause: err },
    );
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, body: parsed as T };
}
