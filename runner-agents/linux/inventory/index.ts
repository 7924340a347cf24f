/** Linux inventory: host facts, per-service Python/Node packages with checksums, and cache sizes. */
export { collectCacheInfo } from './cache';
export { InventoryError } from './errors';
export type { InventoryErrorCode } from './errors';
export {
  diskInfo,
  gpuDriverVersion,
  osVersion,
  parseOsRelease,
  parsePythonVersion,
  pythonVersion,
  which,
} from './host-info';
export { collectInventory } from './inventory';
export type { InventoryOptions } from './inventory';
export { nodeReleasePackages } from './node-release';
export { normalizeProjectName, parseDistMetadata, venvPackages } from './venv';
export type { EnvironmentPackages } from './venv';
