import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../lib/fs';
import { SystemdError } from './systemd-errors';
import { checkServiceUnit } from './unit-name';

/** A value of one directive; an array repeats the directive (an empty string first resets a list, e.g. `ExecStart=`). */
export type DirectiveValue = string | number | boolean | (string | number | boolean)[];

/** `{ Service: { LimitNOFILE: 65536, Environment: ['A=1', 'B=2'] } }`. */
export type DropInSections = Record<string, Record<string, DirectiveValue>>;

/** What a drop-in held before a change: enough to put it back exactly (or remove it). */
export interface UnitDropInSnapshot {
  unit: string;
  /** The file under the root prefix. */
  file: string;
  /** The same file as systemd sees it (`/etc/systemd/system/<unit>.d/50-hale-<name>.conf`). */
  systemPath: string;
  existed: boolean;
  previous: string | null;
  /** Where this snapshot is kept (under `<rootPrefix>/var/lib/hale/systemd/snapshots`). */
  snapshotFile: string;
  taken_at: string;
}

export interface WrittenUnitDropIn {
  file: string;
  systemPath: string;
  content: string;
  changed: boolean;
  snapshot: UnitDropInSnapshot;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SECTION = /^(Unit|Service|Install|X-[A-Za-z0-9-]+)$/;
const KEY = /^[A-Z][A-Za-z0-9]{0,63}$/;
/** One line: no control characters; no leading/trailing blanks (systemd strips them); no trailing `\` (a continuation). */
const valueOk = (v: string) =>
  v.length > 0 && v.length <= 4096 && !/\p{Cc}/u.test(v) && v === v.trim() && !v.endsWith('\\');

function invalid(message: string, field: string): never {
  throw new SystemdError('SYSTEMD_DROPIN_INVALID', message, { details: { field } });
}

export function checkDropInName(name: string): string {
  if (!NAME.test(name))
    invalid(`drop-in name ${JSON.stringify(name)}: lowercase letters, digits, _ and - only`, 'name');
  return name;
}

/** `/etc/systemd/system/<unit>.d/50-hale-<name>.conf` (as systemd sees it). */
export function dropInSystemPath(unit: string, name: string): string {
  return `/etc/systemd/system/${checkServiceUnit(unit)}.d/50-hale-${checkDropInName(name)}.conf`;
}

export const dropInFile = (rootPrefix: string, unit: string, name: string) =>
  path.join(rootPrefix, dropInSystemPath(unit, name));

export const dropInSnapshotDir = (rootPrefix: string) =>
  path.join(rootPrefix, 'var', 'lib', 'hale', 'systemd', 'snapshots');

function renderValue(field: string, value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) invalid(`${field}: ${value} is not an integer`, field);
    return String(value);
  }
  if (!valueOk(value))
    invalid(`${field}: value must be one line without control characters or edge blanks`, field);
  return value;
}

const SECTION_ORDER = (s: string) => ['Unit', 'Service', 'Install'].indexOf(s) + 1 || 9;

/** The file's text: a header, then each section (Unit, Service, Install, X-…) with its directives sorted by key. */
export function renderUnitDropIn(name: string, sections: DropInSections): string {
  const out = [`# Managed by Hale (${checkDropInName(name)}); changes here are overwritten.`];
  const names = Object.keys(sections).sort(
    (a, b) => SECTION_ORDER(a) - SECTION_ORDER(b) || a.localeCompare(b),
  );
  for (const section of names) {
    if (!SECTION.test(section)) invalid(`section [${section}]: Unit, Service, Install or X-…`, section);
    const directives = sections[section] ?? {};
    const keys = Object.keys(directives).sort();
    if (keys.length === 0) invalid(`section [${section}] is empty`, section);
    out.push('', `[${section}]`);
    for (const key of keys) {
      const field = `${section}.${key}`;
      if (!KEY.test(key)) invalid(`${field}: directive names are CamelCase ASCII`, field);
      const raw = directives[key] as DirectiveValue;
      const values = Array.isArray(raw) ? raw : [raw];
      if (values.length === 0) invalid(`${field}: no value`, field);
      values.forEach((v, i) => out.push(`${key}=${v === '' && i === 0 ? '' : renderValue(field, v)}`));
    }
  }
  if (names.length === 0) invalid(`drop-in ${name} has no sections`, 'sections');
  return `${out.join('\n')}\n`;
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Writes `<rootPrefix>/etc/systemd/system/<unit>.d/50-hale-<name>.conf` atomically, after keeping
 * what was there (or that nothing was) as a snapshot on disk. Everything is validated first.
 * Loads nothing: the driver runs `systemctl daemon-reload` after it.
 */
export function writeUnitDropIn(opts: {
  rootPrefix: string;
  unit: string;
  name: string;
  sections: DropInSections;
  now?: Date;
}): WrittenUnitDropIn {
  const systemPath = dropInSystemPath(opts.unit, opts.name);
  const file = path.join(opts.rootPrefix, systemPath);
  const content = renderUnitDropIn(opts.name, opts.sections);
  const previous = readIfExists(file);
  const at = opts.now ?? new Date();
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  const snapshotFile = path.join(
    dropInSnapshotDir(opts.rootPrefix),
    `${opts.unit}.d-${path.basename(file)}.${stamp}.${randomBytes(3).toString('hex')}.json`,
  );
  const snapshot: UnitDropInSnapshot = {
    unit: opts.unit,
    file,
    systemPath,
    existed: previous !== null,
    previous,
    snapshotFile,
    taken_at: at.toISOString(),
  };
  writeFileAtomic(snapshotFile, `${JSON.stringify(snapshot)}\n`);
  if (previous !== content) writeFileAtomic(file, content);
  return { file, systemPath, content, changed: previous !== content, snapshot };
}

export function readUnitDropInSnapshot(snapshotFile: string): UnitDropInSnapshot {
  const s = JSON.parse(fs.readFileSync(snapshotFile, 'utf8')) as Partial<UnitDropInSnapshot>;
  const ok =
    typeof s.unit === 'string' &&
    typeof s.file === 'string' &&
    typeof s.systemPath === 'string' &&
    typeof s.existed === 'boolean' &&
    (s.previous === null || typeof s.previous === 'string') &&
    /^\/etc\/systemd\/system\/[^/]+\.service\.d\/50-hale-[a-z0-9_-]+\.conf$/.test(s.systemPath) &&
    s.file.endsWith(s.systemPath);
  if (!ok)
    throw new SystemdError('SYSTEMD_SNAPSHOT_INVALID', `${snapshotFile} is not a unit drop-in snapshot`);
  return { ...(s as UnitDropInSnapshot), snapshotFile };
}

/** Puts the drop-in back as the snapshot found it: the old content (atomically) or no file. */
export function restoreUnitDropInFile(snapshot: UnitDropInSnapshot): 'content' | 'removed' {
  if (snapshot.existed && snapshot.previous !== null) {
    writeFileAtomic(snapshot.file, snapshot.previous);
    return 'content';
  }
  fs.rmSync(snapshot.file, { force: true });
  return 'removed';
}
