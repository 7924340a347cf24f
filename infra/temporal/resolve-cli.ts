import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TemporalBootstrapError } from './errors';

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

export function defaultToolsDir(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.HALE_TOOLS_DIR ??
    path.resolve(
      __dirname,
      '..',
      '..',
      ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []),
      '.tools',
    )
  );
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
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

function goInstall(
  target: string,
  binDir: string,
  env: NodeJS.ProcessEnv,
  progress: (line: string) => void,
): Promise<{ ok: boolean; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('go', ['install', target], {
      env: { ...env, GOBIN: binDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let downloads = 0;
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output = (output + text).slice(-20000);
      downloads += (text.match(/go: downloading/g) ?? []).length;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const ticker = setInterval(() => {
      progress(
        `  … still building (${Math.round((Date.now() - started) / 1000)} s, ${downloads} modules downloaded)`,
      );
    }, 15000);
    child.on('error', (err) => {
      clearInterval(ticker);
      resolve({ ok: false, output: `cannot run go: ${err.message}`, ms: Date.now() - started });
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      resolve({ ok: code === 0, output, ms: Date.now() - started });
    });
  });
}
