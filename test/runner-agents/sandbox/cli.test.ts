import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnHale } from '../../support/cli';

/** Runs `hale …` and keeps stdout and stderr apart (spawnHale's output() merges them). */
async function hale(args: string[], env: Record<string, string> = {}) {
  const run = spawnHale(args, env);
  let stdout = '';
  let stderr = '';
  run.child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  run.child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const { code } = await run.exited;
  return { code, stdout, stderr };
}

describe('hale runner sandbox', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hale-sbx-cli-')));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the spec to stderr, keeps stdout for the command and exits with its status', async () => {
    const out = await hale([
      'runner',
      'sandbox',
      '--',
      'bash',
      '-c',
      'echo out; echo err >&2; touch f; exit 5',
    ]);
    expect(out.code).toBe(5);
    expect(out.stdout).toBe('out\n');
    const [first, ...rest] = out.stderr.split('\n');
    const spec = JSON.parse(first as string) as { tool: string; network: string; argv: string[] };
    expect(spec).toMatchObject({ tool: 'bubblewrap', network: 'none' });
    expect(spec.argv).toEqual(expect.arrayContaining(['--unshare-net', '--ro-bind', '--clearenv']));
    const staging = spec.argv[spec.argv.indexOf('--chdir') + 1] as string;
    expect(staging).toMatch(/hale-staging-/);
    expect(spec.argv.slice(-4)).toEqual(['--', 'bash', '-c', 'echo out; echo err >&2; touch f; exit 5']);
    expect(rest.join('\n')).toBe('err\n');
  });

  it('--writable adds directories the command can write; 128+N when killed by signal N', async () => {
    const out = await hale([
      'runner',
      'sandbox',
      '--writable',
      dir,
      '--',
      'bash',
      '-c',
      `date > ${dir}/stamp`,
    ]);
    expect(out.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'stamp'))).toBe(true);
    expect((await hale(['runner', 'sandbox', '--', 'bash', '-c', 'kill -TERM $$'])).code).toBe(143);
  });

  it('uses a policy file (env, timeout → 137)', async () => {
    const file = path.join(dir, 'policy.json');
    fs.writeFileSync(file, JSON.stringify({ writable: [dir], env: { GREETING: 'hi' }, timeoutMs: 300 }));
    const env = await hale(['runner', 'sandbox', '--policy', file, '--', 'bash', '-c', 'echo $GREETING']);
    expect(env).toMatchObject({ code: 0, stdout: 'hi\n' });
    const slow = await hale(['runner', 'sandbox', '--policy', file, '--', 'sleep', '30']);
    expect(slow.code).toBe(137);
    expect(slow.stderr).toMatch(/timed out after 300 ms/);
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown field', { writeable: ['/tmp'] }, /writeable/],
    ['a relative writable dir', { writable: ['rel'] }, /SANDBOX_POLICY_INVALID.*writable\[0\]/],
    ['a writable /', { writable: ['/'] }, /writable\[0\]/],
    ['a non-number timeout', { writable: [], timeoutMs: 'soon' }, /timeoutMs/],
  ])('exits 2 on a policy file with %s, naming the field', async (_name, policy, pattern) => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(policy));
    const out = await hale(['runner', 'sandbox', '--policy', file, '--', 'true']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(pattern);
    expect(out.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 on invalid JSON, no command or an unknown option; --help exits 0', async () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{"writable": [');
    expect((await hale(['runner', 'sandbox', '--policy', file, '--', 'true'])).code).toBe(2);
    expect((await hale(['runner', 'sandbox'])).code).toBe(2);
    expect((await hale(['runner', 'sandbox', '--net', '--', 'true'])).code).toBe(2);
    const help = await hale(['runner', 'sandbox', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--policy FILE\.json/);
  });

  it('exits 1 with SANDBOX_UNAVAILABLE when bwrap is not on PATH', async () => {
    const out = await hale(['runner', 'sandbox', '--', 'true'], { PATH: path.join(dir, 'empty-bin') });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/SANDBOX_UNAVAILABLE.*bubblewrap/);
  });
});
