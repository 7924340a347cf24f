import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ArtifactError } from '../errors';
import { inspectConfigBundle, inspectSnapshot } from './bundle';
import { inspectDeb } from './deb';
import { inspectNpmTarball } from './npm';
import type { InspectOptions, PackageInfo, PackageKind } from './types';
import { inspectWheel } from './wheel';

/** Kind from the file name; config bundles and snapshots carry no marker and must be named by the caller. */
export function detectKind(fileName: string): PackageKind | undefined {
  const name = basename(fileName).toLowerCase();
  if (name.endsWith('.whl')) return 'python-wheel';
  if (name.endsWith('.deb')) return 'deb';
  if (name.endsWith('.tgz') || name.endsWith('.tar.gz')) return 'npm-tarball';
  return undefined;
}

/**
 * Reads an artifact's own metadata. Wheels, npm tarballs and debs are detected by name and
 * checked by content; pass `kind` (with name and version) for config bundles and snapshots.
 */
export async function inspectPackage(file: string, options: InspectOptions = {}): Promise<PackageInfo> {
  const info = await stat(file).catch((err: unknown) => {
    throw new ArtifactError('ARTIFACT_NOT_FOUND', `${file} cannot be read`, {
      cause: err,
      details: { file },
    });
  });
  if (!info.isFile()) {
    throw new ArtifactError('ARTIFACT_INPUT_INVALID', `${file} is not a regular file`, { details: { file } });
  }
  const kind = options.kind ?? detectKind(file);
  switch (kind) {
    case 'python-wheel':
      return inspectWheel(file);
    case 'npm-tarball':
      return inspectNpmTarball(file);
    case 'deb':
      return inspectDeb(file);
    case 'config-bundle':
      return inspectConfigBundle(file, options);
    case 'snapshot':
      return inspectSnapshot(file, options);
    case undefined:
      throw new ArtifactError(
        'ARTIFACT_INPUT_INVALID',
        `cannot tell the kind of ${basename(file)}; pass kind (config-bundle or snapshot) with name and version`,
        { details: { file } },
      );
  }
}
