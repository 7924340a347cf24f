/** CycloneDX 1.6 SBOMs for offline artifacts: built with the CycloneDX library, checked against its schema. */
export { buildSbom, serializeSbom, serialNumberFor } from './build';
export type { SbomArtifact, SbomOptions } from './build';
export { validateSbom } from './validate';
export type { SbomProblem } from './validate';
