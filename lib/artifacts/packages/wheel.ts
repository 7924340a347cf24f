import { basename } from 'node:path';
import { malformed } from './malformed';
import { purlFor } from './purl';
import { parseRecord, verifyRecord } from './record';
import { parseRequiresDist } from './requires-dist';
import { all, first, parseHeaders, type HeaderBlock } from './rfc822';
import type { PackageInfo } from './types';
import { normalizePythonName, parseWheelFileName, sameWheelVersion } from './wheel-name';
import { readZip, type ZipEntry } from './zip';

const DIST_INFO_FILES = /^[^/]+\.dist-info\/(METADATA|WHEEL|RECORD)$/;

function headersOf(file: string, entries: Map<string, ZipEntry>, name: string): HeaderBlock {
  const entry = entries.get(name);
  if (!entry?.content) throw malformed(file, `missing ${name}`);
  const parsed = parseHeaders(entry.content.toString('utf8'));
  if ('error' in parsed) throw malformed(file, `${name} line ${parsed.line}: ${parsed.error}`);
  return parsed;
}

function distInfoDir(file: string, entries: Map<string, ZipEntry>): string {
  const dirs = new Set<string>();
  for (const name of entries.keys()) {
    const m = /^([^/]+\.dist-info)\/METADATA$/.exec(name);
    if (m?.[1]) dirs.add(m[1]);
  }
  if (dirs.size !== 1) throw malformed(file, `expected one *.dist-info/METADATA, found ${dirs.size}`);
  return [...dirs][0] ?? '';
}

/** License-Expression (metadata 2.4), else a one-line License field, else an OSI classifier. */
function licenseOf(meta: HeaderBlock): string | undefined {
  const expression = first(meta, 'License-Expression');
  if (expression) return expression;
  const license = first(meta, 'License');
  if (license && !license.includes('\n') && license.length <= 100) return license;
  const classifiers = all(meta, 'Classifier').filter((c) => c.startsWith('License :: OSI Approved :: '));
  const named = classifiers.map((c) => c.slice('License :: OSI Approved :: '.length));
  const known: Record<string, string> = { 'MIT License': 'MIT', 'ISC License (ISCL)': 'ISC' };
  return named.length === 1 && named[0] ? (known[named[0]] ?? named[0]) : undefined;
}

function homepageOf(meta: HeaderBlock): string | undefined {
  const home = first(meta, 'Home-page');
  if (home) return home;
  const urls = all(meta, 'Project-URL').map((v) => v.split(',').map((s) => s.trim()));
  const labelled = urls.find(([label]) => /^home-?page$/i.test(label ?? '')) ?? urls[0];
  return labelled?.[1];
}

/** Reads a wheel: METADATA, WHEEL, and RECORD verified against every entry of the zip. */
export async function inspectWheel(file: string): Promise<PackageInfo> {
  const fileName = parseWheelFileName(basename(file));
  if ('error' in fileName) throw malformed(file, `wheel file name ${fileName.error}`);
  const entries = await readZip(file, (name) => DIST_INFO_FILES.test(name));
  const dir = distInfoDir(file, entries);
  const meta = headersOf(file, entries, `${dir}/METADATA`);
  const wheel = headersOf(file, entries, `${dir}/WHEEL`);
  const name = first(meta, 'Name');
  const version = first(meta, 'Version');
  if (!name || !version) throw malformed(file, 'METADATA lacks Name or Version');
  const wheelVersion = first(wheel, 'Wheel-Version') ?? '';
  if (!/^1\.\d+$/.test(wheelVersion)) throw malformed(file, `unsupported Wheel-Version "${wheelVersion}"`);
  if (normalizePythonName(fileName.distribution) !== normalizePythonName(name)) {
    throw malformed(file, `file name says ${fileName.distribution}, METADATA says ${name}`);
  }
  if (!sameWheelVersion(fileName.version, version)) {
    throw malformed(file, `file name says version ${fileName.version}, METADATA says ${version}`);
  }
  const dirName = dir.slice(0, -'.dist-info'.length);
  const dash = dirName.lastIndexOf('-');
  const dirMatches =
    dash > 0 &&
    normalizePythonName(dirName.slice(0, dash)) === normalizePythonName(name) &&
    sameWheelVersion(dirName.slice(dash + 1), version);
  if (!dirMatches) throw malformed(file, `${dir} does not match ${name} ${version}`);
  const recordPath = `${dir}/RECORD`;
  const record = entries.get(recordPath)?.content;
  if (!record) throw malformed(file, `missing ${recordPath}`);
  const files = verifyRecord(file, recordPath, parseRecord(file, record.toString('utf8')), entries);
  const dependencies = all(meta, 'Requires-Dist').map((value) => {
    const dep = parseRequiresDist(value);
    if (!dep) throw malformed(file, `METADATA has an unreadable Requires-Dist "${value}"`);
    return dep;
  });
  const summary = first(meta, 'Summary');
  const license = licenseOf(meta);
  const homepage = homepageOf(meta);
  const generator = first(wheel, 'Generator');
  const purelib = first(wheel, 'Root-Is-Purelib');
  const requiresPython = first(meta, 'Requires-Python');
  return {
    kind: 'python-wheel',
    name,
    version,
    ...(summary ? { summary } : {}),
    ...(license ? { license } : {}),
    ...(homepage ? { homepage } : {}),
    dependencies,
    purl: purlFor('python-wheel', name, version),
    files,
    wheel: {
      wheelVersion,
      ...(generator ? { generator } : {}),
      ...(purelib ? { rootIsPurelib: purelib.toLowerCase() === 'true' } : {}),
      tags: all(wheel, 'Tag').length > 0 ? all(wheel, 'Tag') : fileName.tags,
      ...(fileName.build ? { build: fileName.build } : {}),
      ...(requiresPython ? { requiresPython } : {}),
    },
  };
}
