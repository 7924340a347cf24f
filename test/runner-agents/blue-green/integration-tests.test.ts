import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runIntegrationTests } from '../../../runner-agents/linux/blue-green/integration-tests';
import type { ProcessServiceSpec } from '../../../runner-agents/linux/services/process-driver';

describe('runIntegrationTests: the service and its tests in bubblewrap (real sandbox)', () => {
  let dir: string;
  let service: ProcessServiceSpec;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-itests-'));
    fs.mkdirSync(path.join(dir, 'env'));
    fs.writeFileSync(path.join(dir, 'env', 'marker'), 'green env\n');
    service = {
      name: 'svc@b',
      command: ['/bin/sh', '-c', 'echo "service PORT=$PORT"; exec sleep 30'],
      cwd: dir,
      env: { API_PASSWORD: 'hunter2-literal', PORT: '1' },
      stateDir: path.join(dir, 'run'),
      envDir: path.join(dir, 'env'),
    };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (script: string, timeoutMs?: number) =>
    runIntegrationTests(
      service,
      {
        command: ['/bin/sh', '-c', script, 'tests', '{venv}'],
        port: 18123,
        ...(timeoutMs ? { timeoutMs } : {}),
      },
      path.join(dir, 'scratch'),
    );

  it('fills {venv}, sets PORT and HALE_TARGET_URL, and reports a failure with the service log tail', async () => {
    const r = await run('cat "$1/marker"; echo "target=$HALE_TARGET_URL"; sleep 0.2; exit 3');
    expect(r).toMatchObject({ ran: true, ok: false, exit_code: 3 });
    expect(r.output_tail).toContain('green env');
    expect(r.output_tail).toContain('target=http://127.0.0.1:18123');
    expect(r.output_tail).toContain('--- service log (tail) ---\nservice PORT=18123');
    expect(fs.readdirSync(path.join(dir, 'scratch'))).toEqual([]); // scratch removed
  });

  it('redacts secret-shaped values and secret env values, and keeps only the last 4 KiB', async () => {
    const r = await run(
      'head -c 10000 /dev/zero | tr "\\0" x; echo; echo "token=abcdef0123456789"; echo "plain $API_PASSWORD"; echo END',
    );
    expect(r).toMatchObject({ ok: true, exit_code: 0 });
    expect(Buffer.byteLength(r.output_tail)).toBeLessThanOrEqual(4096);
    expect(r.output_tail).toMatch(/END\n$/);
    expect(r.output_tail).not.toContain('abcdef0123456789');
    expect(r.output_tail).not.toContain('hunter2-literal');
    expect(r.output_tail).toContain('[REDACTED]');
  });

  it('kills tests that outlive timeoutMs', async () => {
    const r = await run('sleep 20', 500);
    expect(r).toMatchObject({ ran: true, ok: false, exit_code: null });
    expect(r.duration_ms).toBeLessThan(5000);
    expect(r.output_tail).toContain('killed after 500 ms');
  });
});
