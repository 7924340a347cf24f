import { readAr } from './ar';
import { compressionOf, decompress, type DecompressTools } from './decompress';
import { malformed } from './malformed';
import { purlFor } from './purl';
import { first, parseHeaders } from './rfc822';
import { readTarBuffer } from './tar';
import type { PackageDependency, PackageInfo } from './types';

const MAX_CONTROL_MEMBER = 16 * 1024 * 1024;

/** `libc6 (>= 2.33)`, `a:any | b`: name and constraint of the first alternative, the rest as data. */
function parseDepends(value: string | undefined): PackageDependency[] {
  if (!value) return [];
  return value
    .split(',')
    .map((clause) => clause.replace(/\s+/g, ' ').trim())
    .filter((clause) => clause !== '')
    .map((clause) => {
      const [head = '', ...others] = clause.split('|').map((a) => a.trim());
      const m = /^([^\s(:[]+)(?::\S+)?\s*(?:\(([^)]*)\))?/.exec(head);
      const name = m?.[1] ?? head;
      const spec = (m?.[2] ?? '').replace(/\s+/g, ' ').trim();
      return { name, spec, ...(others.length > 0 ? { alternatives: others } : {}) };
    });
}

/** Reads a .deb: the `control` file inside control.tar{,.gz,.xz,.zst}. */
export async function inspectDeb(file: string, tools: DecompressTools = {}): Promise<PackageInfo> {
  const { members, data } = await readAr(file, (name) => name.startsWith('control.tar'));
  if (members[0]?.name !== 'debian-binary') throw malformed(file, 'first ar member is not debian-binary');
  const control = members.find((m) => m.name.startsWith('control.tar'));
  const compression = control ? compressionOf(control.name) : undefined;
  if (!control || !compression) throw malformed(file, 'no control.tar member');
  if (control.size > MAX_CONTROL_MEMBER) throw malformed(file, `${control.name} is implausibly large`);
  const tarBytes = await decompress(file, data.get(control.name) ?? Buffer.alloc(0), compression, tools);
  const entries = await readTarBuffer(file, tarBytes, (name) => name === 'control');
  const text = entries.get('control')?.content?.toString('utf8');
  if (text === undefined) throw malformed(file, `${control.name} has no control file`);
  const fields = parseHeaders(text);
  if ('error' in fields) throw malformed(file, `control line ${fields.line}: ${fields.error}`);
  const name = first(fields, 'Package');
  const version = first(fields, 'Version');
  const architecture = first(fields, 'Architecture');
  if (!name || !version || !architecture)
    throw malformed(file, 'control lacks Package, Version or Architecture');
  const description = first(fields, 'Description');
  const summary = description?.split('\n')[0];
  const homepage = first(fields, 'Homepage');
  const maintainer = first(fields, 'Maintainer');
  const source = first(fields, 'Source');
  const section = first(fields, 'Section');
  return {
    kind: 'deb',
    name,
    version,
    ...(summary ? { summary } : {}),
    ...(homepage ? { homepage } : {}),
    dependencies: [...parseDepends(first(fields, 'Pre-Depends')), ...parseDepends(first(fields, 'Depends'))],
    purl: purlFor('deb', name, version, { arch: architecture }),
    deb: {
      architecture,
      ...(maintainer ? { maintainer } : {}),
      ...(source ? { source } : {}),
      ...(section ? { section } : {}),
    },
  };
}
