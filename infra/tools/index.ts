/** Finding or building the Go tools Hale runs (cosign, opa; the Temporal CLI lives in infra/temporal). */
export {
  resolveGoTool,
  type GoToolSpec,
  type ResolveToolOptions,
  type ResolvedTool,
} from './resolve-go-tool';
export { resolveCosign, COSIGN } from './cosign';
export { resolveOpa, OPA } from './opa';
export { resolveBandit, BANDIT, type ResolveBanditOptions, type ResolvedBandit } from './bandit';
export { runCapture, type CaptureResult, type CaptureOptions } from './run-capture';
export { defaultToolsDir } from './find';
export { ToolError, type ToolErrorCode } from './errors';
