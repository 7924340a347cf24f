import type { CapturedBody } from './body-capture';
import type { ShadowConfig } from './shadow-config';

export type BodyVerdict = 'equal' | 'different' | 'uncomparable';

export interface BodyComparison {
  result: BodyVerdict;
  /** Where the bodies part (a JSON path or a byte offset) — never the values, which may be secrets. */
  detail?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function parseJson(bytes: Buffer): { ok: true; value: Json } | { ok: false } {
  if (bytes.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as Json };
  } catch {
    return { ok: false };
  }
}

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy of `value` without the ignored fields (bare names at any depth, dotted paths from the root). */
export function stripIgnored(value: Json, ignore: readonly string[]): Json {
  const names = new Set(ignore.filter((f) => !f.includes('.')));
  const paths = ignore.filter((f) => f.includes('.')).map((f) => f.split('.'));
  const walk = (v: Json, live: string[][]): Json => {
    if (Array.isArray(v)) return v.map((item) => walk(item, live));
    if (!isObject(v)) return v;
    const out: { [key: string]: Json } = {};
    for (const [key, child] of Object.entries(v)) {
      if (names.has(key)) continue;
      const matching = live.filter((p) => p[0] === key);
      if (matching.some((p) => p.length === 1)) continue;
      out[key] = walk(
        child,
        matching.map((p) => p.slice(1)),
      );
    }
    return out;
  };
  return walk(value, paths);
}

const keyPath = (base: string, key: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;

/** The first JSON path where `a` and `b` differ (object key order ignored), or undefined when equal. */
export function firstJsonDifference(a: Json, b: Json, at = '$'): string | undefined {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b))
      return `${at} (array vs ${Array.isArray(a) ? typeof b : typeof a})`;
    if (a.length !== b.length) return `${at} (length ${a.length} vs ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const d = firstJsonDifference(a[i] as Json, b[i] as Json, `${at}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const p = keyPath(at, key);
      if (!(key in a)) return `${p} (only in green)`;
      if (!(key in b)) return `${p} (only in blue)`;
      const d = firstJsonDifference(a[key] as Json, b[key] as Json, p);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (a === b) return undefined;
  return typeof a === typeof b
    ? `${at} (value)`
    : `${at} (${a === null ? 'null' : typeof a} vs ${b === null ? 'null' : typeof b})`;
}

function byteDifference(a: Buffer, b: Buffer): string | undefined {
  if (a.equals(b)) return undefined;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return `bytes differ at offset ${i} (length ${a.length} vs ${b.length})`;
}

/**
 * Compares blue's and green's bodies. Within the cap: JSON-equal after dropping ignored fields (mode
 * `json`, both bodies JSON) or byte-equal. Over the cap only length + SHA-256 are known: equal digests
 * are equal; different digests are `different` in mode `exact` and `uncomparable` in mode `json` (an
 * ignored field may be all that differs).
 */
export function compareBodies(
  blue: CapturedBody,
  green: CapturedBody,
  config: Pick<ShadowConfig, 'body' | 'ignore_fields'>,
): BodyComparison {
  if (blue.bytes === undefined || green.bytes === undefined) {
    if (blue.length === green.length && blue.sha256 === green.sha256) return { result: 'equal' };
    const detail = `over the compare cap: length ${blue.length} vs ${green.length}, sha256 differs`;
    return { result: config.body === 'exact' ? 'different' : 'uncomparable', detail };
  }
  if (config.body === 'json') {
    const a = parseJson(blue.bytes);
    const b = parseJson(green.bytes);
    if (a.ok && b.ok) {
      const d = firstJsonDifference(
        stripIgnored(a.value, config.ignore_fields),
        stripIgnored(b.value, config.ignore_fields),
      );
      return d === undefined ? { result: 'equal' } : { result: 'different', detail: `json differs at ${d}` };
    }
  }
  const d = byteDifference(blue.bytes, green.bytes);
  return d === undefined ? { result: 'equal' } : { result: 'different', detail: d };
}
