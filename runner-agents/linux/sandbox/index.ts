/**
 * The Linux sandbox (bubblewrap): read-only root, writable staging directories, hidden paths, no
 * network, own pid/ipc/uts namespaces, cleared environment. See docs/runners.md § Sandbox.
 */
export { SandboxError, type SandboxErrorCode } from './errors';
export { BWRAP_INSTALL_HINT, findBwrap } from './find-bwrap';
export { parsePolicy } from './policy';
export { runSandboxed, DEFAULT_MAX_OUTPUT_BYTES, type RunSandboxedOptions } from './run';
export { BWRAP_BASE_ARGS, DEFAULT_TIMEOUT_MS, bwrapSpec, type BwrapSpecOptions } from './spec';
