import { parse as parseYaml, YAMLParseError } from 'yaml';
import { isSecretKey, redactString } from '../../telemetry/redact-patterns';
import { errorMessage } from '../error-message';
import type { L1ChangedFile } from '../types';
import type { RuleFinding } from './policy';

const CONFIG = /\.(json|ya?ml)$/i;
/** Values that point at a secret instead of holding one: `${DB_PASSWORD}`, `env:X`, `file:/run/…`. */
const REFERENCE =
  /^(?:\$\{[^}]+\}|\$[A-Z_][A-Z0-9_]*|(?:env|file|vault|secret|secretref|aws-sm|gcp-sm):\S+|\[REDACTED\]|\*+|<[^>]+>|changeme)?$/i;

export function isConfigFile(path: string): boolean {
  return CONFIG.test(path);
}

function parseConfig(file: L1ChangedFile, text: string): { value: unknown } | RuleFinding {
  try {
    if (/\.json$/i.test(file.path)) return { value: JSON.parse(text) as unknown };
    return { value: parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 }) as unknown };
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `:${err.linePos[0].line}` : '';
    const message = errorMessage(err).split('\n')[0];
    return { rule: 'config-parse', message: `${file.path}${where}: does not parse: ${message}` };
  }
}

/** Every string/number leaf with its dotted key path. */
function* leaves(value: unknown, at: string[] = [], depth = 0): Generator<[string[], string]> {
  if (depth > 64) return;
  if (typeof value === 'string' || typeof value === 'number') {
    yield [at, String(value)];
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* leaves(item, [...at, String(i)], depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) yield* leaves(item, [...at, key], depth + 1);
  }
}

function secretFindings(path: string, value: unknown): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const [keys, leaf] of leaves(value)) {
    const key = keys[keys.length - 1] ?? '';
    const shown = keys.join('.') || '(document)';
    if (isSecretKey(key) && !REFERENCE.test(leaf.trim())) {
      out.push({
        rule: 'config-secrets',
        message: `${path}: ${shown} holds a literal secret (use a reference such as \${ENV_VAR})`,
      });
    } else if (redactString(leaf) !== leaf) {
      out.push({ rule: 'config-secrets', message: `${path}: ${shown} holds a secret-looking value` });
    }
  }
  return out;
}

/**
 * Lint of the changed config files (JSON, YAML): each must parse (YAML with unique keys), and no
 * value may look like a secret: a secret-named key with a literal value, or a value shaped like a
 * credential (the redaction patterns of lib/telemetry). Findings never echo the value.
 */
export function lintConfigFiles(files: L1ChangedFile[]): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const file of files) {
    if (file.content === null || !isConfigFile(file.path)) continue;
    const parsed = parseConfig(file, file.content);
    if ('rule' in parsed) out.push(parsed);
    else out.push(...secretFindings(file.path, parsed.value));
  }
  return out;
}
