import { VotingError } from './errors';
import type { QuorumConfig, QuorumRule } from './types';

const RULES: readonly QuorumRule[] = ['k_of_n', 'majority', 'supermajority', 'unanimous'];
const KEYS = new Set(['rule', 'n', 'k', 'min_votes', 'veto']);
/** Same shape as a vote's `voter` in the consensus schemas. */
export const VOTER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const MAX_VOTERS = 32;

/** The default: 2 of 3 non-abstaining votes accept, and security can veto. */
export const DEFAULT_QUORUM: Readonly<QuorumConfig> = Object.freeze({
  rule: 'k_of_n',
  n: 3,
  k: 2,
  veto: Object.freeze(['security']) as string[],
});

function invalid(field: string, message: string, value?: unknown): VotingError {
  return new VotingError('QUORUM_CONFIG_INVALID', `${field}: ${message}`, {
    field,
    ...(value === undefined ? {} : { value }),
  });
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`, value);
  }
  return value;
}

function vetoList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw invalid(field, 'must be a list of voter kinds or ids', value);
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (typeof item !== 'string' || !VOTER_ID.test(item)) {
      throw invalid(`${field}[${i}]`, `must be a voter kind or id (${VOTER_ID.source})`, item);
    }
    if (seen.has(item)) throw invalid(`${field}[${i}]`, `"${item}" is listed twice`, item);
    seen.add(item);
  });
  return [...seen];
}

/**
 * Checks a quorum configuration (from hale.yaml or code) and fills defaults: `n` 3, `veto`
 * `['security']` (an explicit `[]` gives nobody veto power). Throws VotingError
 * QUORUM_CONFIG_INVALID whose `details.field` names the field, e.g. `quorum.k`.
 */
export function validateQuorumConfig(value: unknown, field = 'quorum'): QuorumConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(field, 'must be an object');
  }
  const raw = value as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key)) throw invalid(`${field}.${key}`, `unknown field (known: ${[...KEYS].join(', ')})`);
  }
  if (typeof raw.rule !== 'string' || !RULES.includes(raw.rule as QuorumRule)) {
    throw invalid(`${field}.rule`, `must be one of ${RULES.join(', ')}, got ${JSON.stringify(raw.rule)}`);
  }
  const rule = raw.rule as QuorumRule;
  const n = raw.n === undefined ? 3 : integer(raw.n, `${field}.n`, 1, MAX_VOTERS);
  const config: QuorumConfig = {
    rule,
    n,
    veto: raw.veto === undefined ? ['security'] : vetoList(raw.veto, `${field}.veto`),
  };
  if (rule === 'k_of_n') {
    if (raw.k === undefined) throw invalid(`${field}.k`, 'is required for rule k_of_n');
    config.k = integer(raw.k, `${field}.k`, 1, n);
  } else if (raw.k !== undefined) {
    throw invalid(`${field}.k`, `applies only to rule k_of_n (rule is ${rule})`);
  }
  if (raw.min_votes !== undefined) {
    const minVotes = integer(raw.min_votes, `${field}.min_votes`, 1, n);
    if (config.k !== undefined && minVotes < config.k) {
      throw invalid(
        `${field}.min_votes`,
        `(${minVotes}) must be at least ${field}.k (${config.k}): fewer votes could never accept`,
      );
    }
    config.min_votes = minVotes;
  }
  return config;
}

/** Counted votes needed for a quorum under `config`. */
export function votesNeeded(config: QuorumConfig): number {
  if (config.min_votes !== undefined) return config.min_votes;
  if (config.rule === 'k_of_n') return config.k ?? config.n;
  return Math.floor(config.n / 2) + 1;
}

/** True when `voter` holds veto power: its kind (before the first `:`) or its full id is listed. */
export function hasVetoPower(config: QuorumConfig, voter: string): boolean {
  const kind = voter.split(':')[0] ?? voter;
  return config.veto.includes(voter) || config.veto.includes(kind);
}
