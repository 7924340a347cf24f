import type { GoToolSpec, ResolveToolOptions, ResolvedTool } from './resolve-go-tool';
import { resolveGoTool } from './resolve-go-tool';

/** The OPA release Hale's policy bundle is built and tested with (docs/governance.md). */
export const OPA: GoToolSpec = {
  name: 'opa',
  pkg: 'github.com/open-policy-agent/opa',
  version: 'v1.22.2',
  envVar: 'OPA_CLI',
};

/** Resolves `opa`: $OPA_CLI, `<tools>/bin/opa`, PATH, else `go install …opa@v1.22.2`. */
export function resolveOpa(opts: ResolveToolOptions = {}): Promise<ResolvedTool> {
  return resolveGoTool(OPA, opts);
}
