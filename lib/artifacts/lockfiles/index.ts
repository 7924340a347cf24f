/** Offline resolution inputs: hash-pinned pip requirements and npm package-lock files. */
export { parseRequirementsLock } from './requirements';
export { parsePackageLock } from './package-lock';
export type { LockedPackage, LockHash } from './types';
