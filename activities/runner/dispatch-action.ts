import fs from 'node:fs';
import path from 'node:path';
import type { RunnerApi } from '../../runner-agents/api';
import { RunnerAuthError, type Action } from '../../runner-agents/auth';
import { dropInPath } from '../../runner-agents/linux/sysctl';

export interface DispatchDeps {
  runner: RunnerApi;
  /** Scratch directory: sandbox staging, the lockfiles an action carries. */
  workDir: string;
  /** Root of the files sysctl actions write (`/` on a real host); must match the runner's. */
  rootPrefix?: string;
}

const malformed = (action: Action, why: string) =>
  new RunnerAuthError('ACTION_MALFORMED', `action ${action.id} (${action.kind}): ${why}`, {
    details: { action_id: action.id, kind: action.kind },
  });

function serviceOf(action: Action): { name: string } {
  if (!action.service) throw malformed(action, 'names no service');
  return { name: action.service };
}

const actionDir = (action: Action, workDir: string) => path.join(workDir, 'actions', action.id);

/**
 * Runs `fn` with the lockfile (and manifest) the signed action carries written into a folder of
 * its own, and removes that folder afterwards, whatever the outcome: the runner reads the lockfile
 * only during the action (the environment it builds keeps its own copy), and the signed action
 * itself, on the ledger and in the workflow history, is the record of what was asked.
 */
async function withLockfile<T>(
  action: Action,
  workDir: string,
  fn: (lockfile: string) => Promise<T>,
): Promise<T> {
  try {
    return await fn(writeLockfile(action, workDir));
  } finally {
    fs.rmSync(actionDir(action, workDir), { recursive: true, force: true });
  }
}

function writeLockfile(action: Action, workDir: string): string {
  const lock = action.lockfile;
  if (!lock) throw malformed(action, 'carries no lockfile');
  const dir = actionDir(action, workDir);
  fs.mkdirSync(dir, { recursive: true });
  if (lock.format === 'requirements') {
    fs.writeFileSync(path.join(dir, 'requirements.lock'), lock.content);
    return path.join(dir, 'requirements.lock');
  }
  fs.writeFileSync(path.join(dir, 'package-lock.json'), lock.content);
  if (lock.manifest !== undefined) fs.writeFileSync(path.join(dir, 'package.json'), lock.manifest);
  return path.join(dir, 'package-lock.json');
}

async function applyPatch(action: Action, deps: DispatchDeps): Promise<unknown> {
  const service = serviceOf(action).name;
  if (action.lockfile)
    return withLockfile(action, deps.workDir, (lockfile) => deps.runner.applyPatch({ service, lockfile }));
  if (action.artifact) return deps.runner.applyPatch({ service, artifact: action.artifact });
  throw malformed(action, 'needs a lockfile or an artifact');
}

async function sysctl(action: Action, deps: DispatchDeps): Promise<unknown> {
  if (!action.sysctl) throw malformed(action, 'carries no sysctl settings');
  const file = dropInPath(deps.rootPrefix ?? '/', action.sysctl.name);
  // RBAC checked the listed paths: the drop-in written must be one of them.
  if (!(action.paths ?? []).includes(file)) throw malformed(action, `paths must list the drop-in ${file}`);
  return deps.runner.applyPatch({ service: serviceOf(action).name, sysctl: action.sysctl });
}

async function sandbox(action: Action, deps: DispatchDeps): Promise<unknown> {
  const staging = fs.mkdtempSync(path.join(deps.workDir, 'sandbox-'));
  try {
    return await deps.runner.sandbox(action.command ?? [], { writable: [staging] });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Calls the Runner API for a verified, authorized action. */
export async function dispatchAction(action: Action, deps: DispatchDeps): Promise<unknown> {
  switch (action.kind) {
    case 'restart':
      return deps.runner.restart(serviceOf(action));
    case 'metrics':
      return deps.runner.metrics(action.service ? { name: action.service } : undefined);
    case 'inventory':
      return deps.runner.inventory();
    case 'sandbox':
      return sandbox(action, deps);
    case 'apply_patch':
      return applyPatch(action, deps);
    case 'sysctl':
      return sysctl(action, deps);
    case 'os_package':
      if (!action.artifacts) throw malformed(action, 'lists no artifacts');
      return deps.runner.applyPatch({ service: serviceOf(action).name, osPackages: action.artifacts });
    case 'deploy': {
      if (!deps.runner.deploy) throw malformed(action, 'this runner has no blue/green deployment');
      if (!action.deploy) throw malformed(action, 'names no deploy step');
      const deploy = deps.runner.deploy.bind(deps.runner);
      const step = action.deploy;
      const options = action.verify ? { verify: action.verify } : undefined;
      if (step !== 'stage') return deploy(serviceOf(action), step, undefined, options);
      return withLockfile(action, deps.workDir, (lockfile) =>
        deploy(serviceOf(action), step, lockfile, options),
      );
    }
    case 'rollback': {
      const target = action.snapshot
        ? { snapshot: action.snapshot }
        : action.artifact
          ? { artifact: action.artifact }
          : undefined;
      if (!target) throw malformed(action, 'needs a snapshot or an artifact');
      return deps.runner.rollback(serviceOf(action), target);
    }
  }
}
