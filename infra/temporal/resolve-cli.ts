import fs from 'node:fs';
import path from 'node:path';
import { defaultToolsDir, findOnPath, isExecutable } from '../tools/find';
import { goInstall } from '../tools/go-install';
import { TemporalBootstrapError } from './errors';

export { defaultToolsDir };

/** Versions of github.com/temporalio/cli whose go.mod has no `replace` directive (so `go install` works). */
export const TEMPORAL_CLI_VERSIONS = ['v1.5.1', 'v1.5.0', 'v1.4.1'] as const;
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export interface ResolvedCli {
  path: string;
  source: 'env' | 'path' | 'cache' | 'built';
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Tool cache; default `<repo>/.tools` (override with HALE_TOOLS_DIR). */
  toolsDir?: string;
  /** Progress lines for a human (the first build takes minutes). */
  onProgress?: (line: string) => void;
  /** Build when nothing is found (default true). */
  build?: boolean;
}

/** Resolves the `temporal` CLI: $TEMPORAL_CLI, PATH, the tool cache, else builds it with `go install`. */
export async function resolveTemporalCli(opts: ResolveOptions = {}): Promise<ResolvedCli> {
  const env = opts.env ?? process.env;
  if (env.TEMPORAL_CLI) {
    if (!isExecutable(env.TEMPORAL_CLI)) {
      throw new TemporalBootstrapError(
        'TEMPORAL_CLI_UNAVAILABLE',
        `TEMPORAL_CLI=${env.TEMPORAL_CLI} is not an executable file`,
      );
    }
    return { path: env.TEMPORAL_CLI, source: 'env' };
  }
  const onPath = findOnPath('temporal', env);
  if (onPath) return { path: onPath, source: 'path' };
  const toolsDir = opts.toolsDir ?? defaultToolsDir(env);
  const cached = path.join(toolsDir, 'bin', 'temporal');
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  if (opts.build === false) {
    throw new TemporalBootstrapError(
      'TEMPORAL_CLI_UNAVAILABLE',
      `no temporal CLI found (TEMPORAL_CLI, PATH, ${cached})`,
    );
  }
  await buildTemporalCli(toolsDir, env, opts.onProgress ?? (() => undefined));
  return { path: cached, source: 'built' };
}

async function buildTemporalCli(
  toolsDir: string,
  env: NodeJS.ProcessEnv,
  progress: (line: string) => void,
): Promise<void> {
  const binDir = path.join(toolsDir, 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  const answers: string[] = [];
  for (const version of TEMPORAL_CLI_VERSIONS) {
    progress(
      `building the Temporal CLI ${version} with go install (first time only, takes a few minutes; cached in ${binDir})`,
    );
    const result = await goInstall(`${MODULE}@${version}`, binDir, env, progress);
    if (result.ok) {
      progress(`Temporal CLI ${version} built in ${Math.round(result.ms / 1000)} s`);
      return;
    }
    answers.push(`${version}: ${result.output.trim().split('\n').slice(-3).join(' | ')}`);
    progress(`go install ${version} failed; trying the next version`);
  }
  throw new TemporalBootstrapError(
    'TEMPORAL_CLI_UNAVAILABLE',
    `could not build the Temporal CLI with go install:\n${answers.join('\n')}`,
    { details: { answers } },
  );
}
