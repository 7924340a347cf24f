import { inspectPackage, type InspectOptions } from './packages';
import { buildSbom, validateSbom } from './sbom';
import type { Describe } from './store/store';

/**
 * The importer's Describe: the artifact's own metadata (wheel METADATA/RECORD checked, package.json,
 * deb control) and a CycloneDX SBOM naming the stored blob, validated against the schema before
 * anything is published.
 */
export function describeArtifact(options: InspectOptions = {}): Describe {
  return async (file, blob) => {
    const info = await inspectPackage(file, options);
    const sbom = buildSbom(info, {
      fileName: blob.fileName,
      sha256: blob.sha256,
      sha512: blob.sha512,
      size: blob.size,
    });
    validateSbom(sbom);
    return { kind: info.kind, name: info.name, version: info.version, sbom };
  };
}
