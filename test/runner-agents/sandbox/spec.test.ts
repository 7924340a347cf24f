import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SandboxPolicy } from '../../../runner-agents/api';
import { BWRAP_BASE_ARGS, bwrapSpec, parsePolicy } from '../../../runner-agents/linux/sandbox';

function codeOf(fn: () => unknown): { code?: string; field?: unknown } {
  try {
    fn();
  } catch (err) {
    const e = err as { code?: string; details?: Record<string, unknown> };
    return { code: e.code, field: e.details?.field };
  }
  throw new Error('expected an error');
}

describe('bwrapSpec: the exact argv', () => {
  let dir: string;
  let staging: string;
  let keys: string;
  let keyFile: string;
  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hale-sbx-spec-')));
    staging = path.join(dir, 'staging');
    keys = path.join(dir, 'keys');
    keyFile = path.join(dir, 'token.txt');
    fs.mkdirSync(staging);
    fs.mkdirSync(keys);
    fs.writeFileSync(keyFile, 'secret');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('binds writable dirs, masks hidden dirs with tmpfs and files with /dev/null, clears env', () => {
    const policy: SandboxPolicy = {
      writable: [`${staging}/`],
      hidden: [keys, keyFile, path.join(dir, 'absent')],
      env: { FOO: 'bar' },
    };
    const spec = bwrapSpec(['make', 'check'], policy, { hostEnv: { PATH: '/usr/bin:/bin', HOME: '/root' } });
    // prettier-ignore
    const argv = [
      'bwrap',
      '--ro-bind', '/', '/',
      '--dev', '/dev',
      '--proc', '/proc',
      '--tmpfs', '/tmp',
      '--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts',
      '--die-with-parent', '--new-session',
      '--bind', staging, staging,
      '--tmpfs', keys,
      '--ro-bind', '/dev/null', keyFile,
      '--chdir', staging,
      '--clearenv',
      '--setenv', 'PATH', '/usr/bin:/bin',
      '--setenv', 'LANG', 'C.UTF-8',
      '--setenv', 'FOO', 'bar',
      '--', 'make', 'check',
    ];
    expect(spec).toEqual({ tool: 'bubblewrap', network: 'none', policy, argv });
    expect(spec.argv.slice(1, 1 + BWRAP_BASE_ARGS.length)).toEqual(BWRAP_BASE_ARGS);
  });

  it('uses the given cwd and bwrap path; policy.env overrides PATH', () => {
    const spec = bwrapSpec(
      ['true'],
      { writable: [], cwd: dir, env: { PATH: '/opt/x' } },
      { bwrap: '/x/bwrap' },
    );
    expect(spec.argv[0]).toBe('/x/bwrap');
    expect(spec.argv.join(' ')).toContain(`--chdir ${dir} --clearenv --setenv PATH /opt/x --setenv LANG`);
    expect(spec.argv.filter((a) => a === 'PATH')).toHaveLength(1);
  });

  it.each<[string, () => SandboxPolicy, string]>([
    ['a relative writable dir', () => ({ writable: ['staging'] }), 'writable[0]'],
    ['a ".." segment', () => ({ writable: [`${staging}/../staging`] }), 'writable[0]'],
    ['a writable "/"', () => ({ writable: ['/'] }), 'writable[0]'],
    ['a writable "//."', () => ({ writable: ['//.'] }), 'writable[0]'],
    ['a missing writable dir', () => ({ writable: [path.join(dir, 'nope')] }), 'writable[0]'],
    ['a writable file', () => ({ writable: [staging, keyFile] }), 'writable[1]'],
    ['a hidden "/"', () => ({ writable: [staging], hidden: ['/'] }), 'hidden[0]'],
    ['a relative hidden path', () => ({ writable: [staging], hidden: ['keys'] }), 'hidden[0]'],
    ['a relative cwd', () => ({ writable: [staging], cwd: 'staging' }), 'cwd'],
    ['a missing cwd', () => ({ writable: [staging], cwd: path.join(dir, 'nope') }), 'cwd'],
    ['a bad env name', () => ({ writable: [staging], env: { 'A=B': 'x' } }), 'env.A=B'],
    ['a zero timeout', () => ({ writable: [staging], timeoutMs: 0 }), 'timeoutMs'],
  ])('refuses %s with SANDBOX_POLICY_INVALID naming the field', (_name, policy, field) => {
    expect(codeOf(() => bwrapSpec(['true'], policy()))).toEqual({ code: 'SANDBOX_POLICY_INVALID', field });
  });

  it('refuses a writable symlink that resolves to /', () => {
    const link = path.join(dir, 'root-link');
    fs.symlinkSync('/', link);
    expect(codeOf(() => bwrapSpec(['true'], { writable: [link] })).code).toBe('SANDBOX_POLICY_INVALID');
  });

  it('refuses an empty command with SANDBOX_COMMAND_INVALID', () => {
    expect(codeOf(() => bwrapSpec([], { writable: [staging] })).code).toBe('SANDBOX_COMMAND_INVALID');
  });
});

describe('parsePolicy: policy files', () => {
  it('accepts the SandboxPolicy fields', () => {
    const policy = { writable: ['/a'], hidden: ['/b'], cwd: '/a', env: { X: '1' }, timeoutMs: 5 };
    expect(parsePolicy(policy)).toEqual(policy);
  });

  it.each<[string, unknown, string]>([
    ['an unknown field (typo)', { writeable: ['/a'] }, 'writeable'],
    ['a string for writable', { writable: '/a' }, 'writable'],
    ['a number in hidden', { writable: [], hidden: [3] }, 'hidden[0]'],
    ['a non-string env value', { writable: [], env: { X: 1 } }, 'env.X'],
    ['a string timeout', { writable: [], timeoutMs: '5' }, 'timeoutMs'],
    ['an array', [], '(root)'],
  ])('refuses %s naming the field', (_name, value, field) => {
    expect(codeOf(() => parsePolicy(value))).toEqual({ code: 'SANDBOX_POLICY_INVALID', field });
  });
});
