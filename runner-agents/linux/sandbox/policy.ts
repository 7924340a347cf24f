import type { SandboxPolicy } from '../../api';
import { policyError } from './errors';

const FIELDS: ReadonlySet<string> = new Set(['writable', 'readable', 'hidden', 'cwd', 'env', 'timeoutMs']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw policyError(field, 'must be an array of absolute paths');
  return value.map((item: unknown, i) => {
    if (typeof item !== 'string') throw policyError(`${field}[${i}]`, 'must be a string');
    return item;
  });
}

function envMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw policyError('env', 'must be an object of string values');
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw policyError(`env.${name}`, 'must be a string');
    out[name] = v;
  }
  return out;
}

/**
 * Checks the shape of a policy read from JSON (a policy file) and returns it typed. Unknown fields are
 * refused (a typo such as `writeable` must not silently drop a rule). Paths are checked by bwrapSpec.
 */
export function parsePolicy(value: unknown): SandboxPolicy {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw policyError('(root)', 'must be a JSON object with the SandboxPolicy fields');
  }
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) throw policyError(unknown, `unknown field (allowed: ${[...FIELDS].join(', ')})`);
  const policy: SandboxPolicy = { writable: stringArray(raw.writable ?? [], 'writable') };
  if (raw.readable !== undefined) policy.readable = stringArray(raw.readable, 'readable');
  if (raw.hidden !== undefined) policy.hidden = stringArray(raw.hidden, 'hidden');
  if (raw.cwd !== undefined) {
    if (typeof raw.cwd !== 'string') throw policyError('cwd', 'must be a string');
    policy.cwd = raw.cwd;
  }
  if (raw.env !== undefined) policy.env = envMap(raw.env);
  if (raw.timeoutMs !== undefined) {
    if (typeof raw.timeoutMs !== 'number') throw policyError('timeoutMs', 'must be a number');
    policy.timeoutMs = raw.timeoutMs;
  }
  return policy;
}

/** An absolute path without `..` segments, NUL bytes or newlines; returns it normalised. */
export function checkPath(value: string, field: string): string {
  if (!value.startsWith('/')) throw policyError(field, `must be an absolute path, got "${value}"`);
  if (value.split('/').includes('..')) throw policyError(field, `must not contain "..": "${value}"`);
  if (/[\0\n]/.test(value)) throw policyError(field, 'must not contain NUL or newline characters');
  const normalised = value.replace(/\/+/g, '/').replace(/\/\.(?=\/|$)/g, '');
  return normalised.length > 1 ? normalised.replace(/\/$/, '') : '/';
}

export function checkEnv(env: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(env ?? {})) {
    if (!ENV_NAME.test(name)) throw policyError(`env.${name}`, 'is not a valid environment variable name');
    if (value.includes('\0')) throw policyError(`env.${name}`, 'must not contain a NUL byte');
  }
}

export function checkTimeout(timeoutMs: number | undefined): void {
  if (timeoutMs === undefined) return;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw policyError('timeoutMs', `must be a positive integer (milliseconds), got ${timeoutMs}`);
  }
}
