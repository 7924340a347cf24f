import { ArtifactError } from '../errors';
import { purlFor } from './purl';
import { readTarGzFile } from './tar';
import type { InspectOptions, PackageInfo, PackageKind } from './types';

function identity(
  file: string,
  kind: PackageKind,
  options: InspectOptions,
): { name: string; version: string } {
  const { name, version } = options;
  if (!name || !version) {
    throw new ArtifactError(
      'ARTIFACT_INPUT_INVALID',
      `${kind} ${file} needs a name and a version from the caller`,
      {
        details: { file, kind },
      },
    );
  }
  return { name, version };
}

/** A config bundle is a .tar.gz file: every regular file is listed with its digest. */
export async function inspectConfigBundle(file: string, options: InspectOptions): Promise<PackageInfo> {
  const { name, version } = identity(file, 'config-bundle', options);
  const entries = await readTarGzFile(file, () => false);
  const files = [...entries.values()]
    .map((e) => ({ path: e.name, sha256: e.sha256, size: e.size }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    kind: 'config-bundle',
    name,
    version,
    dependencies: [],
    purl: purlFor('config-bundle', name, version),
    files,
  };
}

/** A snapshot is opaque bytes (a database dump, a disk image): only the caller's name and version. */
export function inspectSnapshot(file: string, options: InspectOptions): Promise<PackageInfo> {
  const { name, version } = identity(file, 'snapshot', options);
  return Promise.resolve({
    kind: 'snapshot',
    name,
    version,
    dependencies: [],
    purl: purlFor('snapshot', name, version),
  });
}
