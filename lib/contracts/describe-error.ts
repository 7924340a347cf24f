import type { ErrorObject } from 'ajv';

/** One Ajv failure restated for people: where (JSON pointer), which rule (Ajv keyword) and what. */
export interface SchemaFailure {
  /** JSON pointer of the offending value; for a missing or unknown property, that property's pointer. */
  pointer: string;
  /** The JSON Schema keyword that failed: required, additionalProperties, pattern, enum, maxItems, … */
  rule: string;
  /** What is wrong, without the location, e.g. `must match pattern "^a"` or `is required`. */
  text: string;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Splits a JSON pointer into unescaped segments (`/a~1b/0` → `['a/b', '0']`). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function child(pointer: string, name: unknown): string {
  return `${pointer}/${escapePointerSegment(String(name))}`;
}

function list(values: unknown): string {
  return Array.isArray(values)
    ? values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')
    : '';
}

/** Turns an Ajv error into a {@link SchemaFailure}. */
export function describeAjvError(error: ErrorObject): SchemaFailure {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  if (error.propertyName !== undefined) {
    return {
      pointer: child(at, error.propertyName),
      rule: 'propertyNames',
      text: `property name ${error.message ?? 'is invalid'}`,
    };
  }
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return { pointer: child(at, params.missingProperty), rule: error.keyword, text: 'is required' };
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = params.additionalProperty ?? params.unevaluatedProperty;
      return { pointer: child(at, name), rule: error.keyword, text: 'is not allowed' };
    }
    case 'enum':
      return { pointer: at, rule: 'enum', text: `must be one of ${list(params.allowedValues)}` };
    case 'const':
      return { pointer: at, rule: 'const', text: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return {
        pointer: at,
        rule: 'type',
        text: `must be ${list([params.type].flat()).replace(/, /g, ' or ')}`,
      };
    default:
      return { pointer: at, rule: error.keyword, text: error.message ?? 'is invalid' };
  }
}
