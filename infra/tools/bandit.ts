import fs from 'node:fs';
import path from 'node:path';
import { ToolError } from './errors';
import { defaultToolsDir, isExecutable } from './find';
import { runCapture, type CaptureResult } from './run-capture';

/** The bandit release Hale's Python SAST is tested with (docs/pipeline-l1.md). */
export const BANDIT = { name: 'bandit', version: '1.9.4', envVar: 'BANDIT_CLI' } as const;

export interface ResolveBanditOptions {
  env?: NodeJS.ProcessEnv;
  /** Tool cache; default `<repo>/.tools` (override with HALE_TOOLS_DIR). */
  toolsDir?: string;
  /** Python that creates the venv: default `$HALE_PYTHON`, else `python3`. */
  python?: string;
  /** Install when the venv is missing (default true). */
  build?: boolean;
  onProgress?: (line: string) => void;
}

export interface ResolvedBandit {
  path: string;
  source: 'env' | 'cache' | 'built';
  version: string;
}

const MARKER = 'hale-tool.json';

/** The venv's marker records the version installed; a venv without it is a half-finished install. */
function cachedVersion(venv: string): string | undefined {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(venv, MARKER), 'utf8')) as { version?: unknown };
    return typeof marker.version === 'string' ? marker.version : undefined;
  } catch {
    return undefined;
  }
}

function tail(r: CaptureResult): string {
  const text = r.spawnError ?? `${r.stderr}\n${r.stdout}`;
  return text.trim().split('\n').slice(-5).join(' | ');
}

function failed(step: string, r: CaptureResult, details: Record<string, unknown>): ToolError {
  return new ToolError(
    'TOOL_BUILD_FAILED',
    `${step} failed (${r.spawnError ? 'could not start' : `exit ${String(r.code)}`}): ${tail(r)}`,
    {
      details: {
        ...details,
        output: `${r.stdout}\n${r.stderr}`.slice(-20000),
        ...(r.spawnError ? { spawnError: r.spawnError } : {}),
      },
    },
  );
}

/** Environment for pip: no PIP_* variable (PIP_FIND_LINKS=/opt/wheels, PIP_INDEX_URL, …) leaks in. */
function pipEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('PIP_') && k !== 'PYTHONPATH'));
}

async function install(
  venv: string,
  python: string,
  env: NodeJS.ProcessEnv,
  progress: (l: string) => void,
): Promise<void> {
  const target = `${BANDIT.name}==${BANDIT.version}`;
  progress(`installing ${target} into ${venv} (first time only)`);
  fs.rmSync(venv, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  const made = await runCapture(python, ['-m', 'venv', venv], { env: pipEnv(env) });
  if (made.code !== 0) throw failed(`${python} -m venv ${venv}`, made, { python, venv });
  const pip = path.join(venv, 'bin', 'pip');
  // --isolated: pip ignores PIP_* variables and user/site config (so no silent --find-links).
  const args = [
    '--isolated',
    '--disable-pip-version-check',
    '--no-input',
    'install',
    '--only-binary',
    ':all:',
    target,
  ];
  const installed = await runCapture(pip, args, { env: pipEnv(env) });
  if (installed.code !== 0) throw failed(`pip install ${target}`, installed, { python, venv, target });
  const bin = path.join(venv, 'bin', 'bandit');
  const check = await runCapture(bin, ['--version'], { env: pipEnv(env) });
  if (check.code !== 0 || !check.stdout.includes(BANDIT.version))
    throw failed(`${bin} --version`, check, { venv });
  fs.writeFileSync(
    path.join(venv, MARKER),
    `${JSON.stringify({ tool: BANDIT.name, version: BANDIT.version, python })}\n`,
  );
  progress(`bandit ${BANDIT.version} installed in ${Math.round((installed.ms + made.ms) / 1000)} s`);
}

/**
 * Resolves bandit: `$BANDIT_CLI`, else the venv `<tools>/bandit` (its marker must name
 * 1.9.4), else creates that venv with `python -m venv` and `pip --isolated install bandit==1.9.4`
 * (wheels only). Once installed it runs offline. Throws ToolError TOOL_UNAVAILABLE (nothing
 * found, build disabled) or TOOL_BUILD_FAILED (python or pip failed; the message ends with
 * their last output lines).
 */
export async function resolveBandit(opts: ResolveBanditOptions = {}): Promise<ResolvedBandit> {
  const env = opts.env ?? process.env;
  const explicit = env[BANDIT.envVar];
  if (explicit) {
    if (!isExecutable(explicit)) {
      throw new ToolError('TOOL_UNAVAILABLE', `${BANDIT.envVar}=${explicit} is not an executable file`);
    }
    return { path: explicit, source: 'env', version: 'unchecked' };
  }
  const venv = path.join(opts.toolsDir ?? defaultToolsDir(env), 'bandit');
  const bin = path.join(venv, 'bin', 'bandit');
  if (isExecutable(bin) && cachedVersion(venv) === BANDIT.version) {
    return { path: bin, source: 'cache', version: BANDIT.version };
  }
  if (opts.build === false) {
    throw new ToolError(
      'TOOL_UNAVAILABLE',
      `no bandit ${BANDIT.version} in ${venv} (or ${BANDIT.envVar}); run \`hale tools\``,
    );
  }
  const python = opts.python ?? env.HALE_PYTHON ?? 'python3';
  await install(venv, python, env, opts.onProgress ?? (() => undefined));
  return { path: bin, source: 'built', version: BANDIT.version };
}
