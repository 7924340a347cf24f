import { redactString } from '../telemetry/redact-patterns';
import type { Verdict, Vote } from '../voting';

/** Limits of a vote in the consensus schemas. */
export const MAX_REASONS = 16;
export const MAX_REASON_CHARS = 1000;
export const MAX_EVIDENCE_REFS = 32;
const EVIDENCE_REF = /^[a-z][a-z0-9+.-]{0,31}:\/\/\S{1,1000}$/;

function clip(text: string): string {
  const clean = redactString(text).replace(/\s+/g, ' ').trim() || '(no detail)';
  return clean.length > MAX_REASON_CHARS ? `${clean.slice(0, MAX_REASON_CHARS - 1)}…` : clean;
}

/**
 * Builds a vote that fits the schema: reasons redacted, one line each, at most 1,000 characters;
 * past 16 reasons the last says how many more there were; evidence refs de-duplicated, invalid
 * ones dropped, at most 32.
 */
export function makeVote(
  voter: string,
  verdict: Verdict,
  reasons: string[],
  refs: string[] = [],
  at?: Date,
): Vote {
  const lines = reasons.map(clip);
  const shown =
    lines.length > MAX_REASONS
      ? [...lines.slice(0, MAX_REASONS - 1), `… and ${lines.length - (MAX_REASONS - 1)} more`]
      : lines;
  const evidence = [...new Set(refs)].filter((r) => r.length <= 1040 && EVIDENCE_REF.test(r));
  return {
    voter,
    verdict,
    reasons: shown,
    evidence_refs: evidence.slice(0, MAX_EVIDENCE_REFS),
    ...(at ? { at: at.toISOString() } : {}),
  };
}

/** The strongest of several verdicts: veto > reject > accept; all abstaining → abstain. */
export function strongest(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('veto')) return 'veto';
  if (verdicts.includes('reject')) return 'reject';
  if (verdicts.includes('accept')) return 'accept';
  return 'abstain';
}
