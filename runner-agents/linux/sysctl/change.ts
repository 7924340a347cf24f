import path from 'node:path';
import { applySysctl, type SysctlApplyResult, type SysctlRunner } from './apply';
import { restoreSysctlDropIn, snapshotDir, writeSysctlDropIn } from './drop-in';
import { SysctlError } from './errors';

export interface SysctlChangeResult {
  status: 'applied' | 'rolled_back';
  file: string;
  /** The snapshot file to roll back to (under <rootPrefix>/var/lib/hale/sysctl/snapshots). */
  snapshot: string;
  apply: SysctlApplyResult;
  error?: { code: string; message: string };
}

/**
 * One kernel tuning change: the drop-in is written (after its snapshot), then loaded with
 * `sysctl --system` on a real host (planned only under any other root prefix). When the live values
 * do not take on a real host, the drop-in is put back and loaded again: the change is rolled back.
 */
export async function applySysctlChange(opts: {
  rootPrefix: string;
  name: string;
  settings: Record<string, string | number>;
  run?: SysctlRunner;
}): Promise<SysctlChangeResult> {
  const written = writeSysctlDropIn({
    rootPrefix: opts.rootPrefix,
    name: opts.name,
    settings: opts.settings,
  });
  const runOpt = opts.run ? { run: opts.run } : {};
  let apply: SysctlApplyResult;
  try {
    apply = await applySysctl({ rootPrefix: opts.rootPrefix, ...runOpt });
  } catch (err) {
    restoreSysctlDropIn(written.snapshot);
    await applySysctl({ rootPrefix: opts.rootPrefix, ...runOpt }).catch(() => undefined);
    throw err;
  }
  const ours = Object.keys(opts.settings).filter((k) => apply.mismatched.includes(k));
  if (apply.mode === 'applied' && ours.length > 0) {
    restoreSysctlDropIn(written.snapshot);
    const back = await applySysctl({ rootPrefix: opts.rootPrefix, ...runOpt });
    return {
      status: 'rolled_back',
      file: written.file,
      snapshot: written.snapshot.snapshotFile,
      apply: back,
      error: { code: 'SYSCTL_NOT_EFFECTIVE', message: `the kernel did not take ${ours.join(', ')}` },
    };
  }
  return { status: 'applied', file: written.file, snapshot: written.snapshot.snapshotFile, apply };
}

/** Restores the drop-in a snapshot recorded and loads the result (the snapshot must be one of ours). */
export async function rollbackSysctlChange(opts: {
  rootPrefix: string;
  snapshot: string;
  run?: SysctlRunner;
}): Promise<{ file: string; restored: 'content' | 'removed'; apply: SysctlApplyResult }> {
  const dir = snapshotDir(opts.rootPrefix);
  const file = path.resolve(dir, opts.snapshot);
  if (path.dirname(file) !== dir) {
    throw new SysctlError('SYSCTL_SNAPSHOT_INVALID', `${opts.snapshot} is not a snapshot under ${dir}`);
  }
  const restored = restoreSysctlDropIn(file);
  const apply = await applySysctl({ rootPrefix: opts.rootPrefix, ...(opts.run ? { run: opts.run } : {}) });
  return { ...restored, apply };
}
