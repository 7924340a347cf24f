import type { GoToolSpec, ResolveToolOptions, ResolvedTool } from './resolve-go-tool';
import { resolveGoTool } from './resolve-go-tool';

/** The cosign release Hale's signatures and bundles are tested against. */
export const COSIGN: GoToolSpec = {
  name: 'cosign',
  pkg: 'github.com/sigstore/cosign/v3/cmd/cosign',
  version: 'v3.1.2',
  envVar: 'COSIGN_CLI',
};

/** Resolves `cosign`: $COSIGN_CLI, `<tools>/bin/cosign`, PATH, else `go install …cosign@v3.1.2`. */
export function resolveCosign(opts: ResolveToolOptions = {}): Promise<ResolvedTool> {
  return resolveGoTool(COSIGN, opts);
}
