import type { LockedPackage } from '../artifacts/lockfiles';
import { isHaleError } from '../errors';
import type { Verdict, Vote } from '../voting';
import { ecosystemOf, parseLock } from './lockfile';
import { lintConfigFiles } from './rules/config-lint';
import { checkPolicy, validateServicePolicy, type RuleFinding } from './rules/policy';
import type { L1Input, L1Voter } from './types';
import { versionScheme } from './versions/ecosystem';
import { makeVote } from './vote';

export interface RulesVoterOptions {
  /** Verdict for a broken rule: `reject` (default) or `veto` (give `rules` veto power in the quorum too). */
  on_violation?: 'reject' | 'veto';
  now?: () => Date;
}

export const RULES_VOTER_ID = 'rules';

type Parsed = { packages: LockedPackage[] } | { finding: RuleFinding };

/** The store's lock parsers refuse unpinned or unhashed entries; their `rule` becomes the reason. */
function parse(fileName: string, text: string, which: 'old' | 'new'): Parsed {
  try {
    return { packages: parseLock(fileName, text) };
  } catch (err) {
    if (!isHaleError(err)) throw err;
    const rule = String(err.details.rule ?? err.code);
    return { finding: { rule: 'hash-pinned', message: `${which} lock: ${err.message} (${rule})` } };
  }
}

function lockFindings(input: L1Input): RuleFinding[] {
  const lock = input.lockfile;
  if (!lock) return [];
  const scheme = versionScheme(ecosystemOf(lock.file_name));
  const next = parse(lock.file_name, lock.new, 'new');
  if ('finding' in next) return [next.finding];
  const prev = lock.old === undefined ? { packages: [] } : parse(lock.file_name, lock.old, 'old');
  // A broken old lock does not excuse the new one; it only loses the "lowered from" detail.
  const previous = 'packages' in prev ? prev.packages : [];
  const policy = input.policy ?? {};
  try {
    validateServicePolicy(policy, scheme);
  } catch (err) {
    if (!isHaleError(err)) throw err;
    return [{ rule: 'allowed-range', message: `the service policy is unusable: ${err.message}` }];
  }
  return checkPolicy(next.packages, previous, policy, scheme, lock.file_name);
}

/**
 * The rules voter: every package hash-pinned, none below its security floor, all within the
 * allowed ranges (PEP 440 for pip locks, npm ranges for package-lock.json), and the changed
 * config files parse and hold no secrets. Each reason names the rule, the file:line, the package
 * and the version.
 */
export function createRulesVoter(options: RulesVoterOptions = {}): L1Voter {
  const now = options.now ?? (() => new Date());
  return {
    id: RULES_VOTER_ID,
    vote(input: L1Input): Promise<Vote> {
      const findings = [...lockFindings(input), ...lintConfigFiles(input.files ?? [])];
      if (findings.length === 0) {
        const checked = [
          input.lockfile
            ? `${input.lockfile.file_name}: pinned, floors and ranges hold`
            : 'no lockfile in the change',
          `${(input.files ?? []).length} changed file(s): config parses, no secrets`,
        ];
        return Promise.resolve(makeVote(RULES_VOTER_ID, 'accept', checked, [], now()));
      }
      const verdict: Verdict = options.on_violation ?? 'reject';
      const reasons = findings.map((f) => `${f.rule}: ${f.message}`);
      return Promise.resolve(
        makeVote(
          RULES_VOTER_ID,
          verdict,
          reasons,
          findings.flatMap((f) => (f.ref ? [f.ref] : [])),
          now(),
        ),
      );
    },
  };
}
