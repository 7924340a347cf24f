import { fieldError } from './errors';
import { httpMethod, numberIn, object, oneOf, onlyFields, stringList } from './validate';

/** Idempotent methods: safe to send twice whatever the path. */
export const DEFAULT_SAFE_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS'];

/**
 * What is mirrored to green and how answers are compared. Snake-case keys: this is the JSON of the
 * config file, of `PUT /shadow` and of `GET /state`.
 */
export interface ShadowConfig {
  /** Fraction of eligible live requests also sent to green, 0..1 (0 = shadow off). */
  sample: number;
  /** Methods safe to repeat on any path. */
  methods: string[];
  /**
   * More requests the service marks safe to repeat: `"POST /api/search"` (that method on that path) or
   * `"/api/quote"` (any method); a trailing `*` matches a prefix. The query string is not matched.
   */
  paths: string[];
  /**
   * JSON fields left out of the body comparison: a bare name (`"timestamp"`) at any depth, or a
   * dotted path from the root (`"meta.version"`).
   */
  ignore_fields: string[];
  /** `json`: JSON-equal when both bodies parse (else exact bytes); `exact`: byte for byte. */
  body: 'json' | 'exact';
}

export const DEFAULT_SHADOW: ShadowConfig = {
  sample: 0,
  methods: [...DEFAULT_SAFE_METHODS],
  paths: [],
  ignore_fields: [],
  body: 'json',
};

const FIELDS = ['sample', 'methods', 'paths', 'ignore_fields', 'body'] as const;
const PATH_RULE = /^(?:([A-Za-z]+) )?(\/[^\s*]*\*?)$/;
const FIELD_RULE = /^[^.\s]+(?:\.[^.\s]+)*$/;

function pathRule(value: string, field: string): string {
  const match = PATH_RULE.exec(value);
  if (!match) throw fieldError(field, `must be "/path", "/prefix*" or "METHOD /path", got "${value}"`);
  const [, method, path] = match;
  return method ? `${httpMethod(method, field)} ${path}` : (path as string);
}

function ignoreField(value: string, field: string): string {
  if (!FIELD_RULE.test(value)) throw fieldError(field, `must be a field name or dotted path, got "${value}"`);
  return value;
}

/**
 * Applies a (partial) shadow config from JSON onto `base`: absent fields keep their value, unknown
 * fields are refused. Field names in errors are prefixed with `prefix` (`shadow.` in the config file).
 */
export function parseShadowConfig(
  value: unknown,
  base: ShadowConfig = DEFAULT_SHADOW,
  prefix = '',
): ShadowConfig {
  const raw = object(value, prefix === '' ? '(body)' : prefix.slice(0, -1));
  onlyFields(raw, FIELDS, prefix);
  const out: ShadowConfig = { ...base, methods: [...base.methods], paths: [...base.paths] };
  if (raw.sample !== undefined) out.sample = numberIn(raw.sample, `${prefix}sample`, 0, 1);
  if (raw.methods !== undefined)
    out.methods = [...new Set(stringList(raw.methods, `${prefix}methods`, httpMethod))];
  if (raw.paths !== undefined) out.paths = stringList(raw.paths, `${prefix}paths`, pathRule);
  if (raw.ignore_fields !== undefined) {
    out.ignore_fields = stringList(raw.ignore_fields, `${prefix}ignore_fields`, ignoreField);
  }
  if (raw.body !== undefined) out.body = oneOf(raw.body, `${prefix}body`, ['json', 'exact'] as const);
  return out;
}
