import fs from 'node:fs';
import path from 'node:path';
import { ToolError } from './errors';
import { defaultToolsDir, findOnPath, isExecutable } from './find';
import { goInstall } from './go-install';

/** A Go command Hale runs, and the exact `go install` target that builds it. */
export interface GoToolSpec {
  /** Binary name, e.g. `cosign`. */
  name: string;
  /** Package path of the command, e.g. `github.com/sigstore/cosign/v3/cmd/cosign`. */
  pkg: string;
  version: string;
  /** Environment variable naming an explicit binary, e.g. `COSIGN_CLI`. */
  envVar: string;
}

export interface ResolveToolOptions {
  env?: NodeJS.ProcessEnv;
  /** Tool cache; default `<repo>/.tools` (override with HALE_TOOLS_DIR). */
  toolsDir?: string;
  /** Progress lines for a human (a first build takes minutes). */
  onProgress?: (line: string) => void;
  /** Build with `go install` when nothing is found (default true). */
  build?: boolean;
}

export interface ResolvedTool {
  path: string;
  source: 'env' | 'cache' | 'path' | 'built';
}

/** Finds a Go tool: `$<envVar>`, `<tools>/bin/<name>`, PATH, else `go install` with GOBIN=<tools>/bin. */
export async function resolveGoTool(spec: GoToolSpec, opts: ResolveToolOptions = {}): Promise<ResolvedTool> {
  const env = opts.env ?? process.env;
  const explicit = env[spec.envVar];
  if (explicit) {
    if (!isExecutable(explicit)) {
      throw new ToolError('TOOL_UNAVAILABLE', `${spec.envVar}=${explicit} is not an executable file`);
    }
    return { path: explicit, source: 'env' };
  }
  const binDir = path.join(opts.toolsDir ?? defaultToolsDir(env), 'bin');
  const cached = path.join(binDir, spec.name);
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  const onPath = findOnPath(spec.name, env);
  if (onPath) return { path: onPath, source: 'path' };
  if (opts.build === false) {
    throw new ToolError(
      'TOOL_UNAVAILABLE',
      `no ${spec.name} found (${spec.envVar}, ${cached}, PATH); run \`hale tools\` to build it`,
    );
  }
  await buildGoTool(spec, binDir, env, opts.onProgress ?? (() => undefined));
  return { path: cached, source: 'built' };
}

async function buildGoTool(
  spec: GoToolSpec,
  binDir: string,
  env: NodeJS.ProcessEnv,
  progress: (line: string) => void,
): Promise<void> {
  fs.mkdirSync(binDir, { recursive: true });
  const target = `${spec.pkg}@${spec.version}`;
  progress(`building ${spec.name} ${spec.version} with go install (first time only; cached in ${binDir})`);
  const result = await goInstall(target, binDir, env, progress);
  const built = path.join(binDir, spec.name);
  if (result.ok && isExecutable(built)) {
    progress(`${spec.name} ${spec.version} built in ${Math.round(result.ms / 1000)} s`);
    return;
  }
  const tail = result.output.trim().split('\n').slice(-5).join(' | ');
  throw new ToolError('TOOL_BUILD_FAILED', `go install ${target} failed: ${tail}`, {
    details: { target, output: result.output },
  });
}
