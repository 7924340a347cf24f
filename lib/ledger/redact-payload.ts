import { isSecretKey, redactSecrets, redactString } from '../telemetry/redact';

const keyVerdicts = new Map<string, boolean>();

function secretKey(key: string): boolean {
  let verdict = keyVerdicts.get(key);
  if (verdict === undefined) {
    verdict = isSecretKey(key);
    if (keyVerdicts.size < 10000) keyVerdicts.set(key, verdict);
  }
  return verdict;
}

function hasSecretKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasSecretKey);
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (Object.prototype.hasOwnProperty.call(record, key) && (secretKey(key) || hasSecretKey(record[key])))
      return true;
  }
  return false;
}

/**
 * redactSecrets, with a fast path for the common clean payload: when no key is secret-named and
 * the value patterns find nothing in the JSON text (which holds every string of the payload),
 * the payload is returned as is. Otherwise the full redaction runs.
 */
export function redactPayload(payload: unknown, json: string): unknown {
  if (!hasSecretKey(payload) && redactString(json) === json) return payload;
  return redactSecrets(payload);
}
