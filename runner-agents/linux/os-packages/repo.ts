import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../lib/fs';
import { exec } from '../exec';
import { OsPackageError } from './errors';

export interface RepoEntry {
  package: string;
  version: string;
  architecture: string;
  filename: string;
  size: number;
  sha256: string;
}

const field = (control: string, name: string) =>
  new RegExp(`^${name}: *(.+)$`, 'm').exec(control)?.[1]?.trim();

async function controlOf(deb: string): Promise<string> {
  const r = await exec(['dpkg-deb', '-f', deb], { timeoutMs: 60_000 });
  if (r.exitCode !== 0) {
    throw new OsPackageError('OSPKG_DEB_INVALID', `dpkg-deb -f ${deb} failed: ${r.stderr.trim()}`);
  }
  return r.stdout.replace(/\n+$/, '');
}

/**
 * A flat local repository (`deb [trusted=yes] file:<dir> ./`): copies the (already verified) .debs
 * in under their canonical `name_version_arch.deb` names and writes the `Packages` index itself
 * from `dpkg-deb -f` + Filename, Size, MD5sum and SHA256, so no dpkg-dev is needed.
 */
export async function buildLocalRepo(dir: string, debs: string[]): Promise<RepoEntry[]> {
  fs.mkdirSync(dir, { recursive: true });
  const entries: { entry: RepoEntry; stanza: string }[] = [];
  for (const deb of debs) {
    if (!fs.statSync(deb, { throwIfNoEntry: false })?.isFile()) {
      throw new OsPackageError('OSPKG_DEB_INVALID', `${deb} is not a file`);
    }
    const control = await controlOf(deb);
    const pkg = field(control, 'Package');
    const version = field(control, 'Version');
    const arch = field(control, 'Architecture');
    if (!pkg || !version || !arch) {
      throw new OsPackageError('OSPKG_DEB_INVALID', `${deb} lacks Package, Version or Architecture`);
    }
    const filename = `${pkg}_${version.replace(/^\d+:/, '')}_${arch}.deb`;
    const data = fs.readFileSync(deb);
    writeFileAtomic(path.join(dir, filename), data);
    const entry: RepoEntry = {
      package: pkg,
      version,
      architecture: arch,
      filename,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    };
    const md5 = createHash('md5').update(data).digest('hex');
    const stanza = `${control}\nFilename: ./${filename}\nSize: ${entry.size}\nMD5sum: ${md5}\nSHA256: ${entry.sha256}\n`;
    entries.push({ entry, stanza });
  }
  entries.sort((a, b) => a.entry.filename.localeCompare(b.entry.filename));
  writeFileAtomic(path.join(dir, 'Packages'), entries.map((e) => e.stanza).join('\n'));
  return entries.map((e) => e.entry);
}
