import fs from 'node:fs';
import { validateContract, type RunnerRbacV1 } from '../../lib/contracts';
import { RunnerAuthError } from './errors';
import type { Action } from './signed-action';

export type RbacPolicy = RunnerRbacV1;
type Permission = RbacPolicy['allow'][number]['permission'];

/** The store prefix a lockfile's packages come from. */
export const LOCKFILE_REPO = {
  requirements: 'local://python-wheel/',
  'package-lock': 'local://npm-tarball/',
} as const;

/** One permission an action needs, with its target. */
export interface Needed {
  permission: Permission;
  service?: string;
  path?: string;
  repo?: string;
}

/** Loads the runner's RBAC policy file (RBAC_POLICY_INVALID naming the file and the field). */
export function loadRbacPolicy(file: string): RbacPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new RunnerAuthError('RBAC_POLICY_INVALID', `${file}: ${(err as Error).message}`, {
      details: { file },
    });
  }
  try {
    return validateContract('runner.rbac.v1', doc);
  } catch (err) {
    throw new RunnerAuthError('RBAC_POLICY_INVALID', `${file}: ${(err as Error).message}`, {
      cause: err,
      details: { file },
    });
  }
}

/**
 * Every permission `action` needs (all must be allowed): service actions need their permission on
 * the service; an artifact (or a lockfile's packages) needs install_package from its repo; every
 * written path needs write_path; sysctl and os_package must name what they write or install (else
 * they are refused).
 */
export function neededPermissions(action: Action): Needed[] {
  const needed: Needed[] = [];
  if (action.kind === 'restart' || action.kind === 'apply_patch' || action.kind === 'rollback') {
    needed.push({ permission: action.kind, service: action.service ?? '' });
  } else if (action.kind === 'deploy') {
    // blue/green: going back (rollback, abort) needs rollback; status reads (metrics); anything that
    // moves forward or starts processes — stage, verify (sandboxed tests, a restart of green) — needs apply_patch
    const back = action.deploy === 'rollback' || action.deploy === 'abort';
    const read = action.deploy === 'status';
    needed.push({
      permission: back ? 'rollback' : read ? 'metrics' : 'apply_patch',
      ...(read ? {} : { service: action.service ?? '' }),
    });
  } else if (action.kind === 'sandbox' || action.kind === 'metrics' || action.kind === 'inventory') {
    needed.push({ permission: action.kind });
  }
  if (action.artifact) needed.push({ permission: 'install_package', repo: action.artifact });
  for (const a of action.artifacts ?? []) needed.push({ permission: 'install_package', repo: a });
  // A lockfile resolves to store artifacts of one kind: installing them needs that repo.
  if (action.lockfile)
    needed.push({ permission: 'install_package', repo: LOCKFILE_REPO[action.lockfile.format] });
  for (const p of action.paths ?? []) needed.push({ permission: 'write_path', path: p });
  if (needed.length === 0) needed.push({ permission: 'write_path', path: '' });
  return needed;
}

const serviceMatches = (pattern: string, name: string): boolean =>
  pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;

/** Normalised absolute path without `.`/`..` games; undefined when it tries. */
function cleanPath(p: string): string | undefined {
  if (!p.startsWith('/') || p.includes('\0')) return undefined;
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) return undefined;
  return `/${parts.join('/')}${p.endsWith('/') ? '/' : ''}`;
}

function allows(policy: RbacPolicy, need: Needed): boolean {
  return policy.allow.some((rule) => {
    if (rule.permission !== need.permission) return false;
    if (need.service !== undefined) {
      return (
        need.service !== '' && (rule.services ?? []).some((s) => serviceMatches(s, need.service as string))
      );
    }
    if (need.path !== undefined) {
      const target = cleanPath(need.path);
      if (!target) return false;
      return (rule.paths ?? []).some((p) =>
        p.endsWith('/') ? target.startsWith(p) && target !== p : target === p,
      );
    }
    if (need.repo !== undefined) return (rule.repos ?? []).some((r) => need.repo?.startsWith(r));
    return true;
  });
}

const describeNeed = (n: Needed): string =>
  n.service !== undefined
    ? `${n.permission} ${n.service || '(no service named)'}`
    : n.path !== undefined
      ? `${n.permission} ${n.path || '(no path named)'}`
      : n.repo !== undefined
        ? `${n.permission} from ${n.repo}`
        : n.permission;

/** Throws RBAC_DENIED naming the first permission the policy does not grant. */
export function authorize(action: Action, policy: RbacPolicy): void {
  for (const need of neededPermissions(action)) {
    if (!allows(policy, need)) {
      throw new RunnerAuthError(
        'RBAC_DENIED',
        `action ${action.id}: this runner may not ${describeNeed(need)}`,
        {
          details: { action_id: action.id, kind: action.kind, permission: need.permission },
        },
      );
    }
  }
}
