import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BANDIT, resolveBandit, ToolError } from '../../../infra/tools';

async function toolError(p: Promise<unknown>): Promise<ToolError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ToolError) return err;
    throw err;
  }
  throw new Error('expected a ToolError');
}

/**
 * A stand-in python: `-m venv DIR` makes DIR/bin/pip, which logs its arguments and PIP_* variables
 * and "installs" a DIR/bin/bandit that prints the pinned version.
 */
function fakePython(dir: string, log: string): string {
  const python = path.join(dir, 'python3');
  const pip = [
    '#!/bin/sh',
    `echo "args: $*" >> ${log}`,
    `env | grep '^PIP_' >> ${log} || true`,
    'bindir=$(dirname "$0")',
    `printf '#!/bin/sh\\necho "bandit ${BANDIT.version}"\\n' > "$bindir/bandit"`,
    'chmod +x "$bindir/bandit"',
  ].join('\n');
  const script = [
    '#!/bin/sh',
    '[ "$1" = "-m" ] && [ "$2" = "venv" ] || exit 2',
    'mkdir -p "$3/bin"',
    `cat > "$3/bin/pip" <<'PIP'`,
    pip,
    'PIP',
    'chmod +x "$3/bin/pip"',
  ].join('\n');
  fs.writeFileSync(python, `${script}\n`, { mode: 0o755 });
  return python;
}

describe('resolveBandit', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-bandit-tool-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('pins bandit 1.9.4 (PyPI) behind $BANDIT_CLI', () => {
    expect(BANDIT).toEqual({ name: 'bandit', version: '1.9.4', envVar: 'BANDIT_CLI' });
  });

  it('finds the bandit that `hale tools` installed, at that version (a missing one fails: run `hale tools`)', async () => {
    const tool = await resolveBandit({ build: false });
    expect(tool).toMatchObject({ source: 'cache', version: '1.9.4' });
    expect(execFileSync(tool.path, ['--version'], { encoding: 'utf8' })).toMatch(/^bandit 1\.9\.4$/m);
  });

  it('fails cleanly with TOOL_BUILD_FAILED and the reason when python cannot run', async () => {
    const err = await toolError(
      resolveBandit({ toolsDir: dir, python: path.join(dir, 'no-such-python'), env: {} }),
    );
    expect(err.code).toBe('TOOL_BUILD_FAILED');
    expect(err.message).toMatch(/-m venv .*failed \(could not start\): spawn .*no-such-python ENOENT/);
    expect(fs.existsSync(path.join(dir, 'bandit', 'hale-tool.json'))).toBe(false);
    // nothing half-made counts as installed afterwards
    expect((await toolError(resolveBandit({ toolsDir: dir, build: false, env: {} }))).code).toBe(
      'TOOL_UNAVAILABLE',
    );
  });

  it('fails with TOOL_BUILD_FAILED when pip fails, quoting its output', async () => {
    const python = path.join(dir, 'python3');
    fs.writeFileSync(
      python,
      '#!/bin/sh\nmkdir -p "$3/bin"\nprintf "#!/bin/sh\\necho ERROR: No matching distribution found for bandit==1.9.4 >&2\\nexit 1\\n" > "$3/bin/pip"\nchmod +x "$3/bin/pip"\n',
      { mode: 0o755 },
    );
    const err = await toolError(resolveBandit({ toolsDir: dir, python, env: { PATH: process.env.PATH } }));
    expect(err.code).toBe('TOOL_BUILD_FAILED');
    expect(err.message).toMatch(
      /^pip install bandit==1\.9\.4 failed \(exit 1\): .*No matching distribution found/,
    );
  });

  it('installs with pip --isolated and no PIP_* variable (no silent PIP_FIND_LINKS), then caches', async () => {
    const log = path.join(dir, 'pip.log');
    const python = fakePython(dir, log);
    const env = {
      PATH: process.env.PATH,
      PIP_FIND_LINKS: '/opt/wheels',
      PIP_INDEX_URL: 'http://127.0.0.1:9/simple',
    };
    const lines: string[] = [];
    const built = await resolveBandit({
      toolsDir: path.join(dir, 'tools'),
      python,
      env,
      onProgress: (l) => lines.push(l),
    });
    expect(built).toEqual({
      path: path.join(dir, 'tools', 'bandit', 'bin', 'bandit'),
      source: 'built',
      version: '1.9.4',
    });
    const logged = fs.readFileSync(log, 'utf8');
    expect(logged).toContain(
      'args: --isolated --disable-pip-version-check --no-input install --only-binary :all: bandit==1.9.4',
    );
    expect(logged).not.toContain('PIP_');
    expect(lines[0]).toMatch(/^installing bandit==1\.9\.4 into /);
    const again = await resolveBandit({ toolsDir: path.join(dir, 'tools'), python: '/nonexistent', env });
    expect(again.source).toBe('cache');
  });

  it('reinstalls a venv whose marker names another version', async () => {
    const log = path.join(dir, 'pip.log');
    const python = fakePython(dir, log);
    const tools = path.join(dir, 'tools');
    await resolveBandit({ toolsDir: tools, python, env: { PATH: process.env.PATH } });
    fs.writeFileSync(path.join(tools, 'bandit', 'hale-tool.json'), '{"version":"1.7.0"}');
    expect((await toolError(resolveBandit({ toolsDir: tools, build: false, env: {} }))).code).toBe(
      'TOOL_UNAVAILABLE',
    );
    expect((await resolveBandit({ toolsDir: tools, python, env: { PATH: process.env.PATH } })).source).toBe(
      'built',
    );
  });

  it('honours $BANDIT_CLI and refuses one that is not executable', async () => {
    const fake = path.join(dir, 'bandit');
    fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    await expect(resolveBandit({ env: { BANDIT_CLI: fake } })).resolves.toMatchObject({
      path: fake,
      source: 'env',
    });
    expect((await toolError(resolveBandit({ env: { BANDIT_CLI: path.join(dir, 'nope') } }))).code).toBe(
      'TOOL_UNAVAILABLE',
    );
  });
});
