import { DEFAULT_QUORUM, validateQuorumConfig, type QuorumConfig } from '../voting';
import { L1Error } from './errors';
import { createHttpReviewer, type HttpReviewerConfig } from './reviewer/http';
import {
  createOfflineReviewer,
  DEFAULT_OFFLINE_LIMITS,
  type OfflineReviewerLimits,
} from './reviewer/offline';
import { createRulesVoter } from './rules-voter';
import { createSecurityVoter, type SecurityVoterOptions } from './security-voter';
import { DEFAULT_SECURITY_THRESHOLDS, type SecurityThresholds } from './security/judge';
import { parseSeverityLevel } from './security/severity';
import type { L1Voter } from './types';

export type ReviewerConfig =
  { kind: 'offline'; limits?: Partial<OfflineReviewerLimits> } | ({ kind: 'http' } & HttpReviewerConfig);

/** L1 settings as they come from configuration (YAML/JSON): checked by validateL1Config. */
export interface L1Config {
  quorum: QuorumConfig;
  /** Per-voter deadline in ms, or per voter kind (`{ security: 300000 }`). */
  timeout_ms: number | Record<string, number>;
  rules: { on_violation: 'reject' | 'veto' };
  security: { thresholds: SecurityThresholds; on_unavailable: 'reject' | 'abstain' };
  reviewer: ReviewerConfig;
}

const fail = (field: string, message: string): L1Error =>
  new L1Error('L1_CONFIG_INVALID', `${field}: ${message}`, { details: { field } });

type Raw = Record<string, unknown>;
function object(value: unknown, field: string): Raw {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail(field, 'must be an object');
  return value as Raw;
}

function only(raw: Raw, field: string, keys: string[]): void {
  for (const k of Object.keys(raw))
    if (!keys.includes(k)) throw fail(`${field}.${k}`, `unknown field (known: ${keys.join(', ')})`);
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T))
    throw fail(field, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

function positive(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw fail(field, `must be an integer from 1 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function timeouts(value: unknown): L1Config['timeout_ms'] {
  if (value === undefined) return 120000;
  if (typeof value === 'number') return positive(value, 'l1.timeout_ms', 3600000);
  const raw = object(value, 'l1.timeout_ms');
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, positive(v, `l1.timeout_ms.${k}`, 3600000)]),
  );
}

function thresholds(value: unknown): SecurityThresholds {
  const raw = object(value, 'l1.security.thresholds');
  only(raw, 'l1.security.thresholds', Object.keys(DEFAULT_SECURITY_THRESHOLDS));
  const out: SecurityThresholds = { ...DEFAULT_SECURITY_THRESHOLDS };
  for (const key of ['osv_veto_at', 'osv_reject_at', 'osv_unknown_severity'] as const) {
    if (raw[key] === undefined) continue;
    const level = parseSeverityLevel(raw[key]);
    if (!level)
      throw fail(`l1.security.thresholds.${key}`, 'must be LOW, MEDIUM (MODERATE), HIGH or CRITICAL');
    out[key] = level;
  }
  for (const key of ['bandit_veto_at', 'bandit_reject_at'] as const) {
    if (raw[key] === undefined) continue;
    const t = object(raw[key], `l1.security.thresholds.${key}`);
    only(t, `l1.security.thresholds.${key}`, ['severity', 'confidence']);
    const levels = ['LOW', 'MEDIUM', 'HIGH'] as const;
    out[key] = {
      severity: oneOf(t.severity, `l1.security.thresholds.${key}.severity`, levels, out[key].severity),
      confidence: oneOf(
        t.confidence,
        `l1.security.thresholds.${key}.confidence`,
        levels,
        out[key].confidence,
      ),
    };
  }
  out.eslint_errors = oneOf(
    raw.eslint_errors,
    'l1.security.thresholds.eslint_errors',
    ['reject', 'veto'],
    out.eslint_errors,
  );
  return out;
}

function reviewer(value: unknown): ReviewerConfig {
  const raw = object(value, 'l1.reviewer');
  const kind = oneOf(raw.kind, 'l1.reviewer.kind', ['offline', 'http'], 'offline');
  if (kind === 'offline') {
    only(raw, 'l1.reviewer', ['kind', 'limits']);
    const limits = object(raw.limits, 'l1.reviewer.limits');
    only(limits, 'l1.reviewer.limits', Object.keys(DEFAULT_OFFLINE_LIMITS));
    for (const [k, v] of Object.entries(limits)) positive(v, `l1.reviewer.limits.${k}`, 100000);
    return { kind, limits: limits as Partial<OfflineReviewerLimits> };
  }
  only(raw, 'l1.reviewer', ['kind', 'url', 'model', 'api_key_env', 'timeout_ms', 'max_prompt_chars']);
  if (typeof raw.url !== 'string' || !/^https?:\/\/\S+$/.test(raw.url))
    throw fail('l1.reviewer.url', 'must be an http(s) URL');
  if (typeof raw.model !== 'string' || raw.model === '')
    throw fail('l1.reviewer.model', 'is required for kind http');
  if (
    raw.api_key_env !== undefined &&
    (typeof raw.api_key_env !== 'string' || !/^[A-Z_][A-Z0-9_]*$/.test(raw.api_key_env))
  ) {
    throw fail(
      'l1.reviewer.api_key_env',
      'must name an environment variable (the key itself never goes in config)',
    );
  }
  return {
    kind,
    url: raw.url,
    model: raw.model,
    ...(raw.api_key_env === undefined ? {} : { api_key_env: raw.api_key_env as string }),
    ...(raw.timeout_ms === undefined
      ? {}
      : { timeout_ms: positive(raw.timeout_ms, 'l1.reviewer.timeout_ms', 600000) }),
    ...(raw.max_prompt_chars === undefined
      ? {}
      : { max_prompt_chars: positive(raw.max_prompt_chars, 'l1.reviewer.max_prompt_chars', 1000000) }),
  };
}

/** Checks L1 settings and fills the defaults; errors are L1_CONFIG_INVALID / QUORUM_CONFIG_INVALID naming the field. */
export function validateL1Config(value: unknown = {}): L1Config {
  const raw = object(value, 'l1');
  only(raw, 'l1', ['quorum', 'timeout_ms', 'rules', 'security', 'reviewer']);
  const rules = object(raw.rules, 'l1.rules');
  only(rules, 'l1.rules', ['on_violation']);
  const security = object(raw.security, 'l1.security');
  only(security, 'l1.security', ['thresholds', 'on_unavailable']);
  return {
    quorum:
      raw.quorum === undefined
        ? { ...DEFAULT_QUORUM, veto: [...DEFAULT_QUORUM.veto] }
        : validateQuorumConfig(raw.quorum, 'l1.quorum'),
    timeout_ms: timeouts(raw.timeout_ms),
    rules: { on_violation: oneOf(rules.on_violation, 'l1.rules.on_violation', ['reject', 'veto'], 'reject') },
    security: {
      thresholds: thresholds(security.thresholds),
      on_unavailable: oneOf(
        security.on_unavailable,
        'l1.security.on_unavailable',
        ['reject', 'abstain'],
        'reject',
      ),
    },
    reviewer: reviewer(raw.reviewer),
  };
}

/** The three voters from a checked config; the OSV snapshot and bandit come from the caller. */
export function createL1Voters(
  config: L1Config,
  deps: Pick<SecurityVoterOptions, 'osv' | 'bandit' | 'eslint_rules'> & { now?: () => Date } = {},
): L1Voter[] {
  const now = deps.now ? { now: deps.now } : {};
  const reviewerVoter =
    config.reviewer.kind === 'http'
      ? createHttpReviewer(config.reviewer, now)
      : createOfflineReviewer({
          ...(config.reviewer.limits ? { limits: config.reviewer.limits } : {}),
          ...now,
        });
  return [
    createRulesVoter({ on_violation: config.rules.on_violation, ...now }),
    createSecurityVoter({
      ...deps,
      thresholds: config.security.thresholds,
      on_unavailable: config.security.on_unavailable,
    }),
    reviewerVoter,
  ];
}
