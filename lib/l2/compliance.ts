import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { ArtifactStore } from '../artifacts/store/store';
import type { Vote } from './vote';

/** The SBOM licence policy (hale.yaml `pipeline.licences` later): SPDX ids allowed and denied. */
export interface LicencePolicy {
  allow: string[];
  deny: string[];
  /** A component whose licence is missing or not in `allow`/`deny`: block (default) or let it pass. */
  unknown: 'block' | 'allow';
}

export const DEFAULT_LICENCE_POLICY: LicencePolicy = {
  allow: [
    'MIT',
    'Apache-2.0',
    'BSD-2-Clause',
    'BSD-3-Clause',
    'ISC',
    'PSF-2.0',
    'Python-2.0',
    'MPL-2.0',
    '0BSD',
  ],
  deny: ['AGPL-3.0-only', 'AGPL-3.0-or-later', 'SSPL-1.0', 'GPL-3.0-only', 'GPL-3.0-or-later'],
  unknown: 'block',
};

type LicenceChoice = { license?: { id?: string; name?: string }; expression?: string };

/** The licences an SBOM's root component declares, as SPDX ids / expressions / names. */
function licencesOf(sbom: { metadata?: { component?: { licenses?: LicenceChoice[] } } }): string[] {
  return (sbom.metadata?.component?.licenses ?? [])
    .map((l) => l.expression ?? l.license?.id ?? l.license?.name ?? '')
    .filter((l) => l !== '');
}

/** allowed / denied / unknown for one licence string (`A OR B` allowed when one side is; `A AND B` when both). */
function judge(licence: string, policy: LicencePolicy): 'allowed' | 'denied' | 'unknown' {
  if (/[()]/.test(licence)) return 'unknown';
  const ors = licence.split(/\s+OR\s+/);
  const judgeAnd = (part: string) => {
    const ids = part.split(/\s+AND\s+/).map((p) => p.trim());
    if (ids.some((id) => policy.deny.includes(id))) return 'denied';
    return ids.every((id) => policy.allow.includes(id)) ? 'allowed' : 'unknown';
  };
  const verdicts = ors.map(judgeAnd);
  if (verdicts.includes('allowed')) return 'allowed';
  return verdicts.includes('denied') ? 'denied' : 'unknown';
}

/**
 * The L2 compliance veto: every artifact the change installs must carry an SBOM whose digest the
 * signed index records, and a licence the policy allows. A denied licence or a tampered/missing
 * SBOM vetoes; an unknown licence blocks unless the policy says otherwise.
 */
export function complianceVote(store: ArtifactStore, refs: string[], policy = DEFAULT_LICENCE_POLICY): Vote {
  const vetoes: string[] = [];
  const blocks: string[] = [];
  const evidence: string[] = [];
  for (const ref of refs) {
    const { entry } = store.find(ref);
    const label = `${entry.name} ${entry.version}`;
    const file = store.paths.sbom(entry.hashes.sha256);
    const text = entry.sbom_sha256 && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (!text) {
      blocks.push(`${label}: no SBOM`);
      continue;
    }
    if (createHash('sha256').update(text).digest('hex') !== entry.sbom_sha256) {
      vetoes.push(`${label}: SBOM does not match the digest in the signed index`);
      continue;
    }
    evidence.push(`sbom://sha256:${entry.sbom_sha256}`);
    const licences = licencesOf(JSON.parse(text) as Parameters<typeof licencesOf>[0]);
    const verdicts = licences.map((l) => [l, judge(l, policy)] as const);
    const denied = verdicts.filter(([, v]) => v === 'denied').map(([l]) => l);
    if (denied.length > 0) vetoes.push(`${label}: licence ${denied.join(', ')} is denied`);
    else if (verdicts.length === 0 || verdicts.some(([, v]) => v === 'unknown')) {
      const what =
        verdicts.length === 0
          ? 'no licence declared'
          : `licence ${licences.join(', ')} not in the allow list`;
      if (policy.unknown === 'block') blocks.push(`${label}: ${what}`);
    }
  }
  const verdict = vetoes.length > 0 ? 'veto' : blocks.length > 0 ? 'reject' : 'accept';
  return {
    voter: 'l2:compliance',
    verdict,
    reasons:
      verdict === 'accept'
        ? [`${refs.length} artifact(s): every licence allowed`]
        : [...vetoes, ...blocks].slice(0, 16),
    evidence_refs: evidence.slice(0, 32),
  };
}
