import { fieldError } from './errors';

/** Small shape checks for JSON read from the config file and from control requests. */

export type JsonObject = Record<string, unknown>;

export function object(value: unknown, field: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fieldError(field, 'must be a JSON object');
  }
  return value as JsonObject;
}

/** Refuses fields outside `allowed`: a typo such as `smaple` must not silently keep the old value. */
export function onlyFields(value: JsonObject, allowed: readonly string[], prefix = ''): void {
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw fieldError(`${prefix}${unknown}`, `unknown field (allowed: ${allowed.join(', ')})`);
  }
}

export function numberIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw fieldError(field, `must be a number from ${min} to ${max}`);
  }
  return value;
}

export function integerIn(value: unknown, field: string, min: number, max: number): number {
  const n = numberIn(value, field, min, max);
  if (!Number.isInteger(n)) throw fieldError(field, 'must be an integer');
  return n;
}

export function nonEmptyString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw fieldError(field, 'must be a non-empty string');
  return value;
}

export function stringList(
  value: unknown,
  field: string,
  check: (s: string, field: string) => string,
): string[] {
  if (!Array.isArray(value)) throw fieldError(field, 'must be an array of strings');
  return value.map((item: unknown, i) => check(nonEmptyString(item, `${field}[${i}]`), `${field}[${i}]`));
}

export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw fieldError(field, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return value as T;
}

/**
 * An upstream origin: `http://host:port` with no path, query, credentials or fragment (the router
 * forwards the client's path as is). Returns it normalised (`http://127.0.0.1:8080`).
 */
export function upstreamUrl(value: unknown, field: string): string {
  const text = nonEmptyString(value, field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fieldError(field, `not a URL: "${text}"`);
  }
  if (url.protocol !== 'http:') throw fieldError(field, 'must be an http:// URL (no TLS to upstreams)');
  if (url.username !== '' || url.password !== '') throw fieldError(field, 'must not carry credentials');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw fieldError(field, 'must be an origin (http://host:port) without path, query or fragment');
  }
  if (url.port === '') throw fieldError(field, 'must name a port');
  return url.origin;
}

const TOKEN = /^[A-Z]+$/;

export function httpMethod(value: string, field: string): string {
  const upper = value.toUpperCase();
  if (!TOKEN.test(upper)) throw fieldError(field, `not an HTTP method: "${value}"`);
  return upper;
}
