import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describeArtifact } from '../../lib/artifacts/describe';
import { ArtifactError } from '../../lib/artifacts/errors';
import { parsePackageLock, parseRequirementsLock } from '../../lib/artifacts/lockfiles';
import { type PackageKind } from '../../lib/artifacts/packages';
import { mirrorContents } from '../../lib/artifacts/mirror';
import { resolveLocked, type LockfileKind } from '../../lib/artifacts/resolve';
import { parseLocalRef } from '../../lib/artifacts/store/refs';
import type { ArtifactStatus, ImportItem } from '../../lib/artifacts/store/store';
import { ARTIFACT_KINDS } from '../../lib/artifacts/trust/policy';
import { stringFlag, type ParsedArgs } from '../args';
import { UsageError } from '../usage-error';
import { withStore, writerKeys } from './context';

/** Exit code of `resolve` when something must be promoted from a mirror first. */
export const EXIT_DEFERRED = 3;

function progress(total: number) {
  const started = Date.now();
  return (done: number, _total: number, p: string) => {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`[${done}/${total}] ${p} (${secs} s)\n`);
  };
}

async function importItems(
  args: ParsedArgs,
  items: ImportItem[],
  kindFlags: { kind?: PackageKind; name?: string; version?: string },
) {
  return withStore(args, async ({ config, store }) => {
    const keys = await writerKeys(config);
    const results = await store.import(items, keys, describeArtifact(kindFlags), progress(items.length));
    for (const r of results) console.log(`${r.outcome.padEnd(10)} ${r.ref} sha256:${r.entry.hashes.sha256}`);
    const changed = results.filter((r) => r.outcome !== 'unchanged').length;
    console.log(
      `${results.length} artifact(s): ${changed} imported or reinstated, ${results.length - changed} unchanged`,
    );
    return 0;
  });
}

/** `hale artifact import DIR`: every wheel, npm tarball and .deb under a pre-mirrored folder. */
export async function importCommand(args: ParsedArgs): Promise<number> {
  const dir = args.positional[1];
  if (!dir || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UsageError('usage: hale artifact import DIR (a folder of wheels, npm tarballs, .debs)');
  }
  const { known, skipped } = mirrorContents(dir);
  for (const f of skipped) console.error(`skipped (not a wheel, npm tarball or .deb): ${f}`);
  if (known.length === 0) {
    console.log(`nothing to import in ${dir}`);
    return 0;
  }
  return importItems(
    args,
    known.map((file) => ({ file })),
    {},
  );
}

/** `hale artifact add FILE [--kind K --name N --version V]` (config bundles and snapshots need all three). */
export async function addCommand(args: ParsedArgs): Promise<number> {
  const file = args.positional[1];
  if (!file || !fs.existsSync(file))
    throw new UsageError('usage: hale artifact add FILE [--kind K --name N --version V]');
  const kind = stringFlag(args, 'kind');
  if (kind !== undefined && !(ARTIFACT_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`--kind must be one of ${ARTIFACT_KINDS.join(', ')}`);
  }
  return importItems(args, [{ file }], {
    ...(kind ? { kind: kind as PackageKind } : {}),
    ...(stringFlag(args, 'name') ? { name: stringFlag(args, 'name') } : {}),
    ...(stringFlag(args, 'version') ? { version: stringFlag(args, 'version') } : {}),
  });
}

/** `hale artifact list [--json]`. */
export async function listCommand(args: ParsedArgs): Promise<number> {
  return withStore(args, async ({ store }) => {
    const all = store.list();
    if (args.flags.json) {
      console.log(
        JSON.stringify(
          all.map((a) => ({ ref: a.ref, ...a.entry })),
          null,
          2,
        ),
      );
      return 0;
    }
    for (const a of all) {
      console.log(
        `${a.entry.status.padEnd(11)} ${a.ref} ${a.entry.length} B sha256:${a.entry.hashes.sha256.slice(0, 16)}…`,
      );
    }
    console.log(`${all.length} artifact(s)`);
    return 0;
  });
}

/** `hale artifact verify local://REF [--sandbox]`: the full check done before every install or launch. */
export async function verifyRefCommand(args: ParsedArgs): Promise<number> {
  const ref = args.positional[1] as string;
  parseLocalRef(ref);
  return withStore(args, async ({ store }) => {
    const ok = await store.verifyForUse(ref, { sandbox: args.flags.sandbox === true });
    console.log(
      `Verified OK: ${ok.ref} sha256:${ok.entry.hashes.sha256} (${ok.entry.length} bytes, ${ok.entry.status})`,
    );
    return 0;
  });
}

/** `hale artifact sbom local://REF`: prints the stored CycloneDX SBOM after checking it against the index. */
export async function sbomCommand(args: ParsedArgs): Promise<number> {
  const ref = args.positional[1];
  if (!ref) throw new UsageError('usage: hale artifact sbom local://REF');
  return withStore(args, async ({ store }) => {
    const { entry } = store.find(ref);
    if (!entry.sbom_sha256) throw new ArtifactError('ARTIFACT_NOT_FOUND', `${ref}: no SBOM is recorded`);
    const text = fs.readFileSync(store.paths.sbom(entry.hashes.sha256), 'utf8');
    const actual = createHash('sha256').update(text).digest('hex');
    if (actual !== entry.sbom_sha256) {
      throw new ArtifactError(
        'ARTIFACT_BLOB_CORRUPT',
        `${ref}: the SBOM file does not match the index (sha256:${actual})`,
      );
    }
    process.stdout.write(text);
    return 0;
  });
}

/** `hale artifact mark-bad|quarantine|release local://REF --reason TEXT`. */
export function statusCommand(status: ArtifactStatus) {
  return async (args: ParsedArgs): Promise<number> => {
    const ref = args.positional[1];
    const reason = stringFlag(args, 'reason');
    if (!ref || !reason)
      throw new UsageError(`usage: hale artifact ${args.positional[0]} local://REF --reason TEXT`);
    return withStore(args, async ({ config, store }) => {
      const { index } = await writerKeys(config);
      const entry = await store.setStatus(ref, status, reason, index);
      console.log(`${ref}: ${entry.status} (${reason})`);
      return 0;
    });
  };
}

function lockfileKind(file: string, text: string): LockfileKind {
  if (path.basename(file).endsWith('.json') || text.trimStart().startsWith('{')) return 'package-lock';
  return 'requirements';
}

/** `hale artifact resolve LOCKFILE [--json]`: exact store artifacts for a lockfile, offline. */
export async function resolveCommand(args: ParsedArgs): Promise<number> {
  const file = args.positional[1];
  if (!file || !fs.existsSync(file))
    throw new UsageError('usage: hale artifact resolve requirements.lock|package-lock.json');
  const text = fs.readFileSync(file, 'utf8');
  const kind = lockfileKind(file, text);
  const locked = kind === 'package-lock' ? parsePackageLock(text, file) : parseRequirementsLock(text, file);
  return withStore(args, async ({ store }) => {
    const resolved = resolveLocked(store, kind, locked);
    if (args.flags.json)
      console.log(
        JSON.stringify(
          resolved.map(({ entry: _e, ...r }) => r),
          null,
          2,
        ),
      );
    else
      for (const r of resolved) {
        console.log(
          r.ref
            ? `resolved  ${r.name}==${r.version} ${r.ref}`
            : `deferred  ${r.name}==${r.version}: ${r.deferred}`,
        );
      }
    const deferred = resolved.filter((r) => r.deferred).length;
    if (deferred > 0) {
      console.error(`${deferred} of ${resolved.length} deferred: promote from local mirror first`);
      return EXIT_DEFERRED;
    }
    return 0;
  });
}
