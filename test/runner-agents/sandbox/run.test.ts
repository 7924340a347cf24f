import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SandboxPolicy } from '../../../runner-agents/api';
import { findBwrap, runSandboxed } from '../../../runner-agents/linux/sandbox';
import { REPO } from '../../support/cli';

const run = (cmd: string[], policy: SandboxPolicy, maxOutputBytes?: number) =>
  runSandboxed(cmd, policy, { maxOutputBytes });

describe('runSandboxed (real bubblewrap)', () => {
  let dir: string;
  let staging: string;
  let policy: SandboxPolicy;
  beforeAll(() => {
    findBwrap(); // fails the suite with SANDBOX_UNAVAILABLE (and what to install) when bwrap is missing
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hale-sbx-run-')));
    staging = path.join(dir, 'staging');
    fs.mkdirSync(staging);
    policy = { writable: [staging] };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes to the staging dir (the cwd) and the file is there afterwards', async () => {
    const result = await run(['bash', '-c', 'pwd; echo built > out.txt'], policy);
    expect(result).toMatchObject({ exitCode: 0, signal: null, timedOut: false });
    expect(result.stdout.trim()).toBe(staging);
    expect(fs.readFileSync(path.join(staging, 'out.txt'), 'utf8')).toBe('built\n');
  });

  it.each<[string, () => string]>([
    ['/etc', () => '/etc/hale-sandbox-probe'],
    ['the repository', () => path.join(REPO, 'hale-sandbox-probe')],
  ])('cannot write to %s', async (_where, targetOf) => {
    const target = targetOf();
    const result = await run(['bash', '-c', `echo x > ${target}`], policy);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/Read-only file system|No such file/);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('shows readable paths under /tmp read-only (inputs such as staged wheels), and nothing else of /tmp', async () => {
    const inputs = path.join(dir, 'inputs');
    fs.mkdirSync(inputs, { recursive: true });
    fs.writeFileSync(path.join(inputs, 'lock.txt'), 'pinned\n');
    const read = await run(['cat', path.join(inputs, 'lock.txt')], { ...policy, readable: [inputs] });
    expect(read).toMatchObject({ exitCode: 0, stdout: 'pinned\n' });
    const write = await run(['bash', '-c', `echo x >> ${path.join(inputs, 'lock.txt')}`], {
      ...policy,
      readable: [inputs],
    });
    expect(write.exitCode).not.toBe(0);
    expect(fs.readFileSync(path.join(inputs, 'lock.txt'), 'utf8')).toBe('pinned\n');
    const hidden = await run(['cat', path.join(inputs, 'lock.txt')], policy);
    expect(hidden.exitCode).not.toBe(0);
  });

  it('writes elsewhere under /tmp (even next to the staging dir) land in a private tmpfs that vanishes', async () => {
    const beside = path.join(dir, 'beside.txt');
    const script = `echo x > /tmp/hale-sandbox-probe && echo y > ${beside} && cat /tmp/hale-sandbox-probe ${beside}`;
    const result = await run(['bash', '-c', script], policy);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'x\ny\n' });
    expect(fs.existsSync('/tmp/hale-sandbox-probe')).toBe(false);
    expect(fs.existsSync(beside)).toBe(false);
  });

  describe('no outbound network', () => {
    let server: net.Server;
    let port: number;
    let connections = 0;
    beforeAll(async () => {
      server = net.createServer((socket) => {
        connections++;
        socket.end('hello\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as net.AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const probe = () => ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port} && head -n 1 <&3`];

    it('the same command reaches a server on 127.0.0.1 bare, and not from the sandbox', async () => {
      const [bin, ...args] = probe() as [string, ...string[]];
      const bare = await promisify(execFile)(bin, args);
      expect(bare.stdout).toBe('hello\n');
      expect(connections).toBe(1);

      const boxed = await run(probe(), policy);
      expect(boxed.exitCode).not.toBe(0);
      expect(boxed.stderr).toMatch(/Connection refused|Network is unreachable/);
      expect(connections).toBe(1);
    });

    it('python3 cannot connect either', async () => {
      const code = `import socket; socket.create_connection(('127.0.0.1', ${port}), timeout=2)`;
      const boxed = await run(['python3', '-c', code], policy);
      expect(boxed.exitCode).toBe(1);
      expect(boxed.stderr).toMatch(/ConnectionRefusedError|OSError/);
      expect(connections).toBe(1);
    });

    it('the network namespace has only lo', async () => {
      const result = await run(['cat', '/proc/net/dev'], policy);
      const ifaces = result.stdout
        .split('\n')
        .slice(2)
        .map((line) => line.split(':')[0]?.trim())
        .filter(Boolean);
      expect(ifaces).toEqual(['lo']);
    });
  });

  it('has its own pid namespace', async () => {
    const result = await run(['bash', '-c', 'echo $$; ls /proc | grep -c "^[0-9]"'], policy);
    const [pid, count] = result.stdout.trim().split('\n').map(Number);
    expect(pid).toBeLessThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(4); // bwrap's init, bash, ls, grep
  });

  it('clears the environment except PATH, LANG and policy.env', async () => {
    process.env.HALE_SANDBOX_LEAK = 'leaked';
    try {
      const result = await run(['/usr/bin/env'], { ...policy, env: { FOO: 'bar baz' } });
      const names = result.stdout
        .trim()
        .split('\n')
        .map((line) => line.split('=')[0]);
      // PWD is bwrap's own (it sets it to --chdir); nothing from the host leaks.
      expect(names.sort()).toEqual(['FOO', 'LANG', 'PATH', 'PWD']);
      expect(result.stdout).toContain(`PWD=${staging}\n`);
      expect(result.stdout).toContain('FOO=bar baz\n');
    } finally {
      delete process.env.HALE_SANDBOX_LEAK;
    }
  });

  it('hides hidden directories and files (also inside the writable staging dir)', async () => {
    const keys = path.join(staging, 'keys');
    fs.mkdirSync(keys);
    fs.writeFileSync(path.join(keys, 'signing.key'), 'private');
    const script = `ls -A ${keys}; cat /etc/passwd | head -c 4; cat ${keys}/signing.key`;
    const hidden = await run(['bash', '-c', script], { ...policy, hidden: [keys, '/etc/passwd'] });
    expect(hidden.stdout).toBe('');
    expect(hidden.stderr).toMatch(/signing\.key: No such file/);
    const visible = await run(['bash', '-c', script], policy);
    expect(visible.stdout).toBe('signing.key\nrootprivate');
  });

  it('kills on timeout (the whole sandbox) and reports timedOut', async () => {
    const marker = `${300 + Math.floor(Math.random() * 600)}.25`;
    const result = await run(['bash', '-c', `sleep ${marker}; echo never`], { ...policy, timeoutMs: 300 });
    expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGKILL', stdout: '' });
    expect(result.durationMs).toBeGreaterThanOrEqual(300);
    expect(result.durationMs).toBeLessThan(5000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const left = fs
      .readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
        } catch {
          return false; // exited while we looked
        }
      });
    expect(left).toEqual([]);
  });

  it('passes exit codes and signals through', async () => {
    expect(await run(['bash', '-c', 'exit 7'], policy)).toMatchObject({ exitCode: 7, signal: null });
    expect(await run(['bash', '-c', 'kill -TERM $$'], policy)).toMatchObject({
      exitCode: null,
      signal: 'SIGTERM',
      timedOut: false,
    });
  });

  it('caps captured output', async () => {
    const result = await run(['bash', '-c', 'head -c 100000 /dev/zero | tr "\\0" a'], policy, 1000);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith('a'.repeat(1000))).toBe(true);
    expect(result.stdout).toContain('99000 more bytes dropped');
  });

  it('reports SANDBOX_UNAVAILABLE naming bubblewrap when bwrap is missing', async () => {
    expect(() => findBwrap(path.join(dir, 'empty-bin'))).toThrow(
      expect.objectContaining({ code: 'SANDBOX_UNAVAILABLE' }),
    );
    await expect(runSandboxed(['true'], policy, { bwrap: path.join(dir, 'no-bwrap') })).rejects.toMatchObject(
      {
        code: 'SANDBOX_UNAVAILABLE',
        message: expect.stringContaining('apt-get install bubblewrap'),
      },
    );
  });
});
