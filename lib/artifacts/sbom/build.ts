import { createHash } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { ArtifactError } from '../errors';
import type { PackageInfo } from '../packages/types';
import { dependencyComponents } from './dependencies';
import { licenseModel } from './license';

export interface SbomArtifact {
  fileName: string;
  sha256: string;
  size: number;
  sha512?: string;
}

export interface SbomOptions {
  /** metadata.timestamp; omitted when not given so the same artifact gives the same bytes. */
  timestamp?: Date;
}

/** A name-based (version 5 layout) UUID from the artifact digest: same artifact, same serial. */
export function serialNumberFor(sha256: string): string {
  const b = createHash('sha256').update(`hale-sbom:${sha256}`).digest();
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function checkArtifact(artifact: SbomArtifact): void {
  const bad = (what: string): ArtifactError =>
    new ArtifactError('ARTIFACT_INPUT_INVALID', `SBOM input: ${what}`, {
      details: { fileName: artifact.fileName },
    });
  if (!/^[0-9a-f]{64}$/.test(artifact.sha256)) throw bad('sha256 must be 64 lower-case hex digits');
  if (artifact.sha512 !== undefined && !/^[0-9a-f]{128}$/.test(artifact.sha512)) {
    throw bad('sha512 must be 128 lower-case hex digits');
  }
  if (!Number.isSafeInteger(artifact.size) || artifact.size < 0)
    throw bad('size must be a non-negative integer');
  if (artifact.fileName === '') throw bad('fileName is empty');
}

function componentType(info: PackageInfo): Enums.ComponentType {
  switch (info.kind) {
    case 'python-wheel':
    case 'npm-tarball':
      return Enums.ComponentType.Library;
    case 'deb':
      return info.deb?.section?.endsWith('libs') || info.name.startsWith('lib')
        ? Enums.ComponentType.Library
        : Enums.ComponentType.Application;
    case 'config-bundle':
    case 'snapshot':
      return Enums.ComponentType.File;
  }
}

function artifactComponent(info: PackageInfo, artifact: SbomArtifact): Models.Component {
  const c = new Models.Component(componentType(info), info.name, {
    bomRef: info.purl,
    purl: info.purl,
    version: info.version,
    ...(info.summary ? { description: info.summary } : {}),
  });
  c.hashes.set(Enums.HashAlgorithm['SHA-256'], artifact.sha256);
  if (artifact.sha512) c.hashes.set(Enums.HashAlgorithm['SHA-512'], artifact.sha512);
  if (info.license) c.licenses.add(licenseModel(info.license));
  if (info.homepage) {
    c.externalReferences.add(
      new Models.ExternalReference(info.homepage, Enums.ExternalReferenceType.Website),
    );
  }
  c.properties.add(new Models.Property('hale:kind', info.kind));
  c.properties.add(new Models.Property('hale:file-name', artifact.fileName));
  c.properties.add(new Models.Property('hale:size', String(artifact.size)));
  for (const tag of info.wheel?.tags ?? []) c.properties.add(new Models.Property('hale:wheel-tag', tag));
  return c;
}

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));

/** The SBOM as the exact bytes to store: CycloneDX 1.6 JSON, lists sorted, 2-space indent. */
export function serializeSbom(info: PackageInfo, artifact: SbomArtifact, options: SbomOptions = {}): string {
  checkArtifact(artifact);
  const root = artifactComponent(info, artifact);
  const bom = new Models.Bom({ serialNumber: serialNumberFor(artifact.sha256) });
  bom.metadata.component = root;
  if (options.timestamp) bom.metadata.timestamp = options.timestamp;
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'hale-artifact-sbom'),
  );
  for (const dep of dependencyComponents(info)) {
    bom.components.add(dep);
    root.dependencies.add(dep.bomRef);
  }
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}

/** CycloneDX 1.6 JSON document for one artifact (built with the CycloneDX library's models). */
export function buildSbom(info: PackageInfo, artifact: SbomArtifact, options: SbomOptions = {}): object {
  return JSON.parse(serializeSbom(info, artifact, options)) as object;
}
