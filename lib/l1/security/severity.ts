/** Severity levels, lowest first (OSV / GHSA `MODERATE` is `MEDIUM`). */
export type SeverityLevel = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export const SEVERITY_LEVELS: readonly SeverityLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export function parseSeverityLevel(text: unknown): SeverityLevel | undefined {
  if (typeof text !== 'string') return undefined;
  const upper = text.trim().toUpperCase();
  if (upper === 'MODERATE') return 'MEDIUM';
  return SEVERITY_LEVELS.includes(upper as SeverityLevel) ? (upper as SeverityLevel) : undefined;
}

export function severityRank(level: SeverityLevel): number {
  return SEVERITY_LEVELS.indexOf(level);
}

/** CVSS v3 qualitative rating of a base score. */
export function levelOfScore(score: number): SeverityLevel | undefined {
  if (score <= 0) return undefined;
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

const WEIGHTS: Record<string, Record<string, number>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
};

/** CVSS v3.1 Roundup: the smallest one-decimal number ≥ x (floating-point safe). */
function roundUp(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

/**
 * Base score of a CVSS v3.0/v3.1 vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` → 9.8);
 * undefined for anything else (CVSS v2 and v4 vectors are not scored here).
 */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return undefined;
  const m = new Map(parts.slice(1).map((p) => p.split(':') as [string, string]));
  const scope = m.get('S');
  const av = WEIGHTS.AV?.[m.get('AV') ?? ''];
  const ac = WEIGHTS.AC?.[m.get('AC') ?? ''];
  const ui = WEIGHTS.UI?.[m.get('UI') ?? ''];
  const pr = { N: 0.85, L: scope === 'C' ? 0.68 : 0.62, H: scope === 'C' ? 0.5 : 0.27 }[m.get('PR') ?? ''];
  const [c, i, a] = ['C', 'I', 'A'].map((k) => WEIGHTS.CIA?.[m.get(k) ?? '']);
  if ([av, ac, ui, pr, c, i, a].some((w) => w === undefined) || (scope !== 'U' && scope !== 'C'))
    return undefined;
  const iss = 1 - (1 - (c as number)) * (1 - (i as number)) * (1 - (a as number));
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
  const exploitability = 8.22 * (av as number) * (ac as number) * (pr as number) * (ui as number);
  if (impact <= 0) return 0;
  const total = scope === 'U' ? impact + exploitability : 1.08 * (impact + exploitability);
  return roundUp(Math.min(total, 10));
}
