import type { ValidateFunction } from 'ajv';
import configSchema from '../../schemas/hale-config.v1.schema.json';
import { createAjv } from '../contracts/ajv';
import { describeAjvError, pointerSegments } from '../contracts/describe-error';
import { overrideAt, type AppliedOverride } from './env';
import type { ConfigProblem } from './errors';
import type { YamlSource } from './yaml-source';

/** Where the document came from, to place problems (file position or env variable). */
export interface Where {
  file?: string;
  source?: YamlSource;
  overrides?: readonly AppliedOverride[];
}

let validator: ValidateFunction | undefined;

/** `['services', '0', 'kind']` → `services[0].kind`. */
export function fieldPath(segments: readonly string[]): string {
  if (segments.length === 0) return '(root)';
  return segments
    .map((s, i) => {
      if (/^(0|[1-9][0-9]*)$/.test(s)) return `[${s}]`;
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) return i === 0 ? s : `.${s}`;
      return `[${JSON.stringify(s)}]`;
    })
    .join('');
}

/** A CONFIG_INVALID problem for the value at `segments`, placed in the file or on the env variable that set it. */
export function problemAt(
  where: Where,
  segments: readonly string[],
  text: string,
  rule: string,
): ConfigProblem {
  const override = where.overrides ? overrideAt(where.overrides, segments) : undefined;
  if (override) {
    const got = override.shown === undefined ? '' : `, got ${JSON.stringify(override.shown)}`;
    return {
      code: 'CONFIG_INVALID',
      text: `${text}${got}`,
      details: { field: override.variable, variable: override.variable, rule },
    };
  }
  const mode = rule === 'required' || rule === 'dependentRequired' ? 'parent' : 'at';
  const pos = where.source?.locate(segments, mode);
  return {
    code: 'CONFIG_INVALID',
    text,
    details: { file: where.file, line: pos?.line, column: pos?.column, field: fieldPath(segments), rule },
  };
}

/**
 * Validates `data` against schemas/hale-config.v1.schema.json, filling in the schema's defaults
 * (it mutates `data`). Returns the first problem, or undefined when valid.
 */
export function checkSchema(data: unknown, where: Where): ConfigProblem | undefined {
  validator ??= createAjv({ useDefaults: true }).compile(configSchema);
  if (validator(data)) return undefined;
  const first = validator.errors?.[0];
  if (!first) return problemAt(where, [], 'is invalid', 'schema');
  const failure = describeAjvError(first);
  return problemAt(where, pointerSegments(failure.pointer), failure.text, failure.rule);
}
