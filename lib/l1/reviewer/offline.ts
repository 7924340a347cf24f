import type { Vote } from '../../voting';
import type { L1Input, L1Voter } from '../types';
import { versionScheme } from '../versions/ecosystem';
import { makeVote } from '../vote';
import { summarizeChange, type ChangeSummary } from './summary';

/** The label every offline review carries: no model was consulted. */
export const OFFLINE_REVIEWER_ID = 'reviewer:offline-heuristic';

/** Limits of the offline reviewer; above them the change is too big to wave through. */
export interface OfflineReviewerLimits {
  max_changed_packages: number;
  max_added_packages: number;
  max_removed_packages: number;
  max_changed_lines: number;
}

export const DEFAULT_OFFLINE_LIMITS: Readonly<OfflineReviewerLimits> = Object.freeze({
  max_changed_packages: 20,
  max_added_packages: 5,
  max_removed_packages: 5,
  max_changed_lines: 400,
});

interface Finding {
  blocking: boolean;
  text: string;
}

function packageFindings(s: ChangeSummary, limits: OfflineReviewerLimits): Finding[] {
  const out: Finding[] = [];
  const scheme = s.ecosystem ? versionScheme(s.ecosystem) : undefined;
  for (const c of s.packages) {
    if (c.kind === 'downgraded')
      out.push({ blocking: true, text: `downgrade: ${c.name} ${c.from} → ${c.to}` });
    if (c.kind === 'changed')
      out.push({ blocking: true, text: `same version, new hashes: ${c.name} ${c.to} (rebuilt artifact?)` });
    const [from, to] = [c.from && scheme?.major(c.from), c.to && scheme?.major(c.to)];
    if (c.kind === 'upgraded' && typeof from === 'number' && typeof to === 'number' && to > from) {
      out.push({ blocking: true, text: `major-version jump: ${c.name} ${c.from} → ${c.to}` });
    }
    if (c.to && c.kind !== 'removed' && scheme?.isPreRelease(c.to)) {
      out.push({ blocking: true, text: `pre-release locked: ${c.name} ${c.to}` });
    }
  }
  const count = (k: string): number => s.packages.filter((c) => c.kind === k).length;
  const removed = s.packages.filter((c) => c.kind === 'removed').map((c) => `${c.name} ${c.from}`);
  const added = s.packages.filter((c) => c.kind === 'added').map((c) => `${c.name} ${c.to}`);
  if (removed.length) {
    out.push({
      blocking: removed.length > limits.max_removed_packages,
      text: `${removed.length} package(s) removed (limit ${limits.max_removed_packages}): ${removed.slice(0, 8).join(', ')}`,
    });
  }
  if (added.length) {
    out.push({
      blocking: added.length > limits.max_added_packages,
      text: `${added.length} package(s) added (limit ${limits.max_added_packages}): ${added.slice(0, 8).join(', ')}`,
    });
  }
  if (s.packages.length > limits.max_changed_packages) {
    out.push({
      blocking: true,
      text: `${s.packages.length} packages change (limit ${limits.max_changed_packages}; ${count('upgraded')} up, ${count('downgraded')} down)`,
    });
  }
  for (const key of s.new_install_scripts)
    out.push({ blocking: true, text: `new install script: ${key} has hasInstallScript` });
  return out;
}

/**
 * Explainable, deterministic review (the default when no model endpoint is configured): blocks
 * downgrades, major-version jumps, pre-releases, re-hashed versions, new npm install scripts and
 * changes bigger than the limits; notes added and removed packages. Every vote says it came from
 * the offline heuristic; it never vetoes.
 */
export function reviewOffline(
  input: L1Input,
  limits: OfflineReviewerLimits = DEFAULT_OFFLINE_LIMITS,
  at?: Date,
): Vote {
  const s = summarizeChange(input);
  const label = 'offline heuristic review (deterministic rules, no model consulted)';
  if (s.unreadable_lock) {
    return makeVote(
      OFFLINE_REVIEWER_ID,
      'abstain',
      [label, `cannot review the lock: ${s.unreadable_lock}`],
      [],
      at,
    );
  }
  const findings = packageFindings(s, limits);
  if (s.lines_changed > limits.max_changed_lines) {
    findings.push({
      blocking: true,
      text: `${s.lines_changed} lines change in ${s.files.length} file(s) (limit ${limits.max_changed_lines})`,
    });
  }
  const deleted = s.files.filter((f) => f.status === 'deleted').map((f) => f.path);
  if (deleted.length)
    findings.push({
      blocking: false,
      text: `${deleted.length} file(s) deleted: ${deleted.slice(0, 8).join(', ')}`,
    });
  const blocking = findings.filter((f) => f.blocking);
  const size = `size: ${s.packages.length} package change(s), ${s.files.length} file(s), ${s.lines_changed} line(s)`;
  const reasons = [
    label,
    ...blocking.map((f) => `blocks: ${f.text}`),
    ...findings.filter((f) => !f.blocking).map((f) => `note: ${f.text}`),
    size,
  ];
  return makeVote(OFFLINE_REVIEWER_ID, blocking.length ? 'reject' : 'accept', reasons, [], at);
}

export function createOfflineReviewer(
  options: { limits?: Partial<OfflineReviewerLimits>; now?: () => Date } = {},
): L1Voter {
  const limits = { ...DEFAULT_OFFLINE_LIMITS, ...options.limits };
  const now = options.now ?? (() => new Date());
  return {
    id: OFFLINE_REVIEWER_ID,
    vote: (input: L1Input) => Promise.resolve(reviewOffline(input, limits, now())),
  };
}
