import type { Verdict } from '../../voting';
import { banditLevelRank, type BanditLevel, type BanditReport } from './bandit';
import type { EslintReport } from './eslint-sast';
import type { OsvMatch } from './osv-match';
import { severityRank, type SeverityLevel } from './severity';

/** One thing the security voter found, with the verdict it calls for (`accept` = noted only). */
export interface SecurityFinding {
  verdict: Verdict;
  reason: string;
  ref?: string;
}

export interface BanditThreshold {
  severity: BanditLevel;
  /** Lowest confidence that counts. */
  confidence: BanditLevel;
}

export interface SecurityThresholds {
  /** Bandit findings at or above → veto (default HIGH severity, MEDIUM confidence). */
  bandit_veto_at: BanditThreshold;
  /** Bandit findings at or above → reject (default MEDIUM severity, MEDIUM confidence). */
  bandit_reject_at: BanditThreshold;
  /** What an ESLint `error` calls for (default reject). */
  eslint_errors: 'reject' | 'veto';
  /** OSV matches at or above → veto (default HIGH). */
  osv_veto_at: SeverityLevel;
  /** OSV matches at or above → reject (default MEDIUM); lower ones are noted. */
  osv_reject_at: SeverityLevel;
  /** Severity assumed for an OSV record that states none (default HIGH). */
  osv_unknown_severity: SeverityLevel;
}

const DEFAULTS: SecurityThresholds = {
  bandit_veto_at: { severity: 'HIGH', confidence: 'MEDIUM' },
  bandit_reject_at: { severity: 'MEDIUM', confidence: 'MEDIUM' },
  eslint_errors: 'reject',
  osv_veto_at: 'HIGH',
  osv_reject_at: 'MEDIUM',
  osv_unknown_severity: 'HIGH',
};

export const DEFAULT_SECURITY_THRESHOLDS: Readonly<SecurityThresholds> = Object.freeze(DEFAULTS);

const atLeast = (sev: BanditLevel, conf: BanditLevel, t: BanditThreshold): boolean =>
  banditLevelRank(sev) >= banditLevelRank(t.severity) &&
  banditLevelRank(conf) >= banditLevelRank(t.confidence);

export function judgeBandit(report: BanditReport, t: SecurityThresholds): SecurityFinding[] {
  const out: SecurityFinding[] = report.findings.map((f) => {
    const verdict: Verdict = atLeast(f.severity, f.confidence, t.bandit_veto_at)
      ? 'veto'
      : atLeast(f.severity, f.confidence, t.bandit_reject_at)
        ? 'reject'
        : 'accept';
    return {
      verdict,
      reason: `bandit ${f.test_id} ${f.test_name} (severity ${f.severity}, confidence ${f.confidence}${f.cwe ? `, CWE-${f.cwe}` : ''}) at ${f.file}:${f.line}: ${f.text}`,
      ref: `bandit://${f.test_id}/${f.file}#L${f.line}`,
    };
  });
  for (const e of report.errors) {
    out.push({ verdict: 'reject', reason: `bandit could not scan ${e.file}: ${e.reason}` });
  }
  return out;
}

export function judgeEslint(report: EslintReport, t: SecurityThresholds): SecurityFinding[] {
  return report.findings.map((f) => ({
    verdict: f.level === 'warn' ? 'accept' : f.rule === 'parse' ? 'reject' : t.eslint_errors,
    reason: `eslint ${f.rule} (${f.level}) at ${f.file}:${f.line}: ${f.message}`,
    ref: `eslint://${f.rule}/${f.file}#L${f.line}`,
  }));
}

export function judgeOsv(matches: OsvMatch[], t: SecurityThresholds): SecurityFinding[] {
  const seen = new Set<string>();
  const out: SecurityFinding[] = [];
  for (const m of matches) {
    const key = `${m.record.id} ${m.package}@${m.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const severity = m.severity ?? t.osv_unknown_severity;
    const rank = severityRank(severity);
    let verdict: Verdict =
      rank >= severityRank(t.osv_veto_at)
        ? 'veto'
        : rank >= severityRank(t.osv_reject_at)
          ? 'reject'
          : 'accept';
    // Range data that cannot be compared cannot clear the package: never an accept, never a veto.
    if (m.how === 'unevaluable') verdict = 'reject';
    const stated = m.severity ? severity : `${severity} assumed, none stated`;
    const score = m.record.score === undefined ? '' : `, CVSS ${m.record.score}`;
    const aliases = m.record.aliases.length ? ` (aka ${m.record.aliases.slice(0, 3).join(', ')})` : '';
    const summary = m.record.summary ? `: ${m.record.summary}` : '';
    out.push({
      verdict,
      reason: `osv ${m.record.id}${aliases} [${stated}${score}] affects ${m.package} ${m.version} (${m.detail})${summary}`,
      ref: `osv://${m.record.id}`,
    });
  }
  return out;
}
