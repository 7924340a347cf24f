export interface HttpResponse {
  statusCode: number;
  body: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A real HTTP request to a listening server (no in-process injection). */
export async function httpRequest(
  base: string,
  method: 'GET' | 'POST',
  url: string,
  payload?: string,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  const res = await fetch(new URL(url, base), { method, headers, body: payload });
  const body = await res.text();
  return { statusCode: res.status, body, json: () => JSON.parse(body) };
}
