import { resolveBandit } from '../../infra/tools/bandit';
import { isHaleError } from '../errors';
import { L1Error } from './errors';
import type { Verdict, Vote } from '../voting';
import { ecosystemOf, parseLock } from './lockfile';
import { isPythonFile, runBandit } from './security/bandit';
import {
  DEFAULT_ESLINT_RULES,
  isScriptFile,
  runEslintSecurity,
  type EslintRuleLevel,
} from './security/eslint-sast';
import {
  DEFAULT_SECURITY_THRESHOLDS,
  judgeBandit,
  judgeEslint,
  judgeOsv,
  type SecurityFinding,
  type SecurityThresholds,
} from './security/judge';
import { matchOsv } from './security/osv-match';
import type { OsvSnapshot } from './security/osv-types';
import type { L1Input, L1Voter } from './types';
import { errorMessage } from './error-message';
import { makeVote } from './vote';

export const SECURITY_VOTER_ID = 'security';

export interface SecurityVoterOptions {
  /** The offline vulnerability snapshot, or a loader (e.g. loadOsvSnapshotFromStore). */
  osv?: OsvSnapshot | (() => Promise<OsvSnapshot>);
  /** Path of bandit, or a resolver; default resolveBandit({ build: false }) (`hale tools` installs it). */
  bandit?: string | (() => Promise<string>);
  eslint_rules?: Record<string, EslintRuleLevel>;
  thresholds?: Partial<SecurityThresholds>;
  /** Verdict when a check cannot run (bandit missing, no OSV snapshot): `reject` (default) or `abstain`. */
  on_unavailable?: 'reject' | 'abstain';
  now?: () => Date;
}

interface Check {
  name: string;
  findings: SecurityFinding[];
  summary: string;
}

function unavailable(name: string, err: unknown, verdict: Verdict): Check {
  if (!isHaleError(err) || err.code === 'VOTER_TIMEOUT') throw err;
  return { name, findings: [{ verdict, reason: `${name} could not run: ${err.message}` }], summary: '' };
}

async function banditCheck(
  input: L1Input,
  o: SecurityVoterOptions,
  t: SecurityThresholds,
  signal: AbortSignal,
): Promise<Check | undefined> {
  if (!(input.files ?? []).some((f) => f.content !== null && isPythonFile(f.path))) return undefined;
  try {
    const bin =
      typeof o.bandit === 'string'
        ? o.bandit
        : o.bandit
          ? await o.bandit()
          : (await resolveBandit({ build: false })).path;
    const report = await runBandit(bin, input.files ?? [], { signal });
    return {
      name: 'bandit',
      findings: judgeBandit(report, t),
      summary: `bandit: ${report.files} Python file(s), ${report.findings.length} finding(s)`,
    };
  } catch (err) {
    return unavailable('bandit', err, o.on_unavailable ?? 'reject');
  }
}

async function eslintCheck(
  input: L1Input,
  o: SecurityVoterOptions,
  t: SecurityThresholds,
): Promise<Check | undefined> {
  if (!(input.files ?? []).some((f) => f.content !== null && isScriptFile(f.path))) return undefined;
  let report;
  try {
    report = await runEslintSecurity(input.files ?? [], o.eslint_rules ?? { ...DEFAULT_ESLINT_RULES });
  } catch (err) {
    const why = errorMessage(err);
    return unavailable(
      'eslint',
      new L1Error('SAST_FAILED', `eslint failed: ${why}`, { cause: err }),
      o.on_unavailable ?? 'reject',
    );
  }
  return {
    name: 'eslint',
    findings: judgeEslint(report, t),
    summary: `eslint-plugin-security: ${report.files} JS/TS file(s), ${report.findings.length} finding(s)`,
  };
}

async function osvCheck(
  input: L1Input,
  o: SecurityVoterOptions,
  t: SecurityThresholds,
): Promise<Check | undefined> {
  const lock = input.lockfile;
  if (!lock) return undefined;
  let snapshot: OsvSnapshot;
  try {
    if (!o.osv)
      throw new (await import('./errors')).L1Error('OSV_SNAPSHOT_INVALID', 'no OSV snapshot configured');
    snapshot = typeof o.osv === 'function' ? await o.osv() : o.osv;
  } catch (err) {
    return unavailable('osv scan', err, o.on_unavailable ?? 'reject');
  }
  // An unparseable lock is the rules voter's finding; here it leaves nothing to scan.
  let packages;
  try {
    packages = parseLock(lock.file_name, lock.new);
  } catch (err) {
    return unavailable('osv scan', err, 'reject');
  }
  const matches = matchOsv(packages, ecosystemOf(lock.file_name), snapshot);
  return {
    name: 'osv',
    findings: judgeOsv(matches, t),
    summary: `osv: ${packages.length} locked package(s) against ${snapshot.records} record(s) of ${snapshot.source}, ${matches.length} match(es)`,
  };
}

/**
 * The security voter: bandit over changed Python files, eslint-plugin-security over changed
 * JS/TS files, and the new lock against the offline OSV snapshot. The vote is the strongest verdict
 * any finding calls for (veto > reject > accept); reasons list vetoes first, evidence refs are
 * `bandit://…`, `eslint://…`, `osv://<id>`.
 */
export function createSecurityVoter(options: SecurityVoterOptions = {}): L1Voter {
  const t: SecurityThresholds = { ...DEFAULT_SECURITY_THRESHOLDS, ...options.thresholds };
  const now = options.now ?? (() => new Date());
  return {
    id: SECURITY_VOTER_ID,
    async vote(input: L1Input, signal: AbortSignal): Promise<Vote> {
      const checks = (
        await Promise.all([
          banditCheck(input, options, t, signal),
          eslintCheck(input, options, t),
          osvCheck(input, options, t),
        ])
      ).filter((c): c is Check => c !== undefined);
      const findings = checks.flatMap((c) => c.findings);
      const order: Verdict[] = ['veto', 'reject', 'abstain', 'accept'];
      const verdict = order.find((v) => findings.some((f) => f.verdict === v)) ?? 'accept';
      const sorted = [...findings].sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict));
      const summaries = checks.map((c) => c.summary).filter((s) => s !== '');
      const reasons =
        checks.length === 0
          ? ['nothing to scan: no code and no lockfile in the change']
          : [...sorted.map((f) => f.reason), ...summaries];
      return makeVote(
        SECURITY_VOTER_ID,
        verdict,
        reasons,
        sorted.flatMap((f) => (f.ref ? [f.ref] : [])),
        now(),
      );
    },
  };
}
