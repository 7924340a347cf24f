import fs from 'node:fs';
import path from 'node:path';
import { exec } from '../../runner-agents/linux/exec';

/**
 * A tiny .deb (Architecture: all) installing `/opt/<pkg>/VERSION`, built for real with dpkg-deb.
 * `failInstall` adds a preinst script that exits 1 (a package whose install fails half-way).
 */
export async function makeDeb(
  dir: string,
  pkg: string,
  version: string,
  opts: { failInstall?: boolean } = {},
): Promise<string> {
  const root = path.join(dir, `build-${pkg}-${version}`);
  fs.mkdirSync(path.join(root, 'DEBIAN'), { recursive: true });
  fs.mkdirSync(path.join(root, 'opt', pkg), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'DEBIAN', 'control'),
    [
      `Package: ${pkg}`,
      `Version: ${version}`,
      'Architecture: all',
      'Maintainer: Hale tests <hale@example.invalid>',
      'Priority: optional',
      'Section: misc',
      `Description: Hale test package ${version}`,
      ' Installs one file; removed at the end of the test.',
      '',
    ].join('\n'),
  );
  if (opts.failInstall) {
    fs.writeFileSync(
      path.join(root, 'DEBIAN', 'preinst'),
      '#!/bin/sh\necho "refusing to install" >&2\nexit 1\n',
      {
        mode: 0o755,
      },
    );
  }
  fs.writeFileSync(path.join(root, 'opt', pkg, 'VERSION'), `${version}\n`);
  const out = path.join(dir, `${pkg}-${version}.deb`);
  const r = await exec(['dpkg-deb', '--root-owner-group', '--build', root, out]);
  if (r.exitCode !== 0) throw new Error(`dpkg-deb --build failed: ${r.stderr}`);
  return out;
}

/** Real apt/dpkg need root on a Debian host (as on the CI machine): elsewhere a suite fails, never skips. */
export function requireRootDebian(): void {
  const ok =
    process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get') && fs.existsSync('/usr/bin/dpkg-deb');
  if (!ok) throw new Error('these tests install a real .deb: they need root, apt-get and dpkg-deb');
}
