import { SnapshotDetectError } from './errors';

/**
 * One line of /proc/<pid>/mountinfo (proc(5)):
 *
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   (1)(2)(3)   (4)   (5)      (6)      (7)   (8) (9)   (10)         (11)
 *
 * mount id, parent id, major:minor, root (of the mount inside its filesystem), mount point,
 * per-mount options, zero or more optional fields (`shared:N`, `master:N`, `propagate_from:N`,
 * `unbindable`), the separator `-`, filesystem type, mount source, per-superblock options.
 */
export interface MountInfoEntry {
  mountId: number;
  parentId: number;
  majorMinor: string;
  root: string;
  mountPoint: string;
  mountOptions: string[];
  optionalFields: string[];
  fsType: string;
  source: string;
  superOptions: string[];
  /** Position in the file: later lines were mounted later. */
  index: number;
}

/** The kernel writes space, tab, newline and backslash as octal escapes (`\040`, `\011`, `\012`, `\134`). */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

function bad(lineNo: number, why: string): never {
  throw new SnapshotDetectError('MOUNTINFO_UNPARSABLE', `mountinfo line ${lineNo}: ${why}`, {
    details: { line: lineNo },
  });
}

/** Parses the whole file. Fields are split on single spaces, so an empty mount source stays a field. */
export function parseMountInfo(text: string): MountInfoEntry[] {
  const entries: MountInfoEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const lineNo = i + 1;
    const fields = line.split(' ');
    const sep = fields.indexOf('-', 6);
    if (fields.length < 10 || sep < 0) bad(lineNo, 'no " - " separator after six fields');
    const [id, parent, majorMinor, root, mountPoint, options] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const after = fields.slice(sep + 1);
    if (after.length !== 3)
      bad(lineNo, `expected type, source and options after " - ", got ${after.length} fields`);
    if (!/^\d+$/.test(id) || !/^\d+$/.test(parent)) bad(lineNo, 'mount ids are not numbers');
    if (!/^\d+:\d+$/.test(majorMinor)) bad(lineNo, `device ${JSON.stringify(majorMinor)} is not major:minor`);
    const point = unescapeMountField(mountPoint);
    if (!point.startsWith('/')) bad(lineNo, `mount point ${JSON.stringify(point)} is not absolute`);
    const [fsType = '', source = '', superOptions = ''] = after;
    entries.push({
      mountId: Number(id),
      parentId: Number(parent),
      majorMinor,
      root: unescapeMountField(root),
      mountPoint: point,
      mountOptions: options.split(',').map(unescapeMountField),
      optionalFields: fields.slice(6, sep),
      fsType: unescapeMountField(fsType),
      source: unescapeMountField(source),
      superOptions: superOptions.split(',').map(unescapeMountField),
      index: entries.length,
    });
  });
  return entries;
}

/** `subvol=/@home` → `/@home`; undefined when the option is absent (a bare flag gives ''). */
export function superOption(entry: MountInfoEntry, name: string): string | undefined {
  for (const o of entry.superOptions) {
    if (o === name) return '';
    if (o.startsWith(`${name}=`)) return o.slice(name.length + 1);
  }
  return undefined;
}

const covers = (mountPoint: string, target: string) =>
  mountPoint === '/' || target === mountPoint || target.startsWith(`${mountPoint}/`);

/**
 * The mount `target` (absolute, normalised) is on, walking the mount tree from the root the way
 * path lookup does: from a mount, go into the child mount whose mount point covers the target.
 * Among one parent's covering children the shortest mount point wins: a deeper sibling can only
 * exist because the shorter one was mounted over it later (it is hidden). A mount stacked on the
 * same point is a child of the one below, so the walk ends on the top one.
 */
export function findMount(entries: MountInfoEntry[], target: string): MountInfoEntry {
  const ids = new Set(entries.map((e) => e.mountId));
  const roots = entries.filter(
    (e) => e.mountPoint === '/' && (!ids.has(e.parentId) || e.parentId === e.mountId),
  );
  let current = roots[roots.length - 1];
  if (!current) throw new SnapshotDetectError('MOUNT_NOT_FOUND', 'mountinfo has no root mount');
  const seen = new Set<number>([current.mountId]);
  for (;;) {
    const here: MountInfoEntry = current;
    const children = entries.filter(
      (e) => e.parentId === here.mountId && !seen.has(e.mountId) && covers(e.mountPoint, target),
    );
    if (children.length === 0) return here;
    current = children.reduce((a, b) => (b.mountPoint.length <= a.mountPoint.length ? b : a));
    seen.add(current.mountId);
  }
}
