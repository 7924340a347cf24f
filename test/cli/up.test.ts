import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPortInUse, freePort } from '../../lib/net';
import { spawnHale, type Spawned } from '../support/cli';
import { makeRequest } from '../support/requests';
import { waitFor } from '../support/temporal';

/** Processes whose command line mentions `needle` (to prove nothing is orphaned). */
function processesMentioning(needle: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('hale up: the embedded stack in one foreground process', () => {
  let dir: string;
  let up: Spawned | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-up-'));
    env = {
      HALE_DATA_DIR: dir,
      HALE_API_PORT: String(await freePort()),
      HALE_TEMPORAL_PORT: String(await freePort()),
      HALE_TEMPORAL_UI_PORT: String(await freePort()),
      HALE_HOST_ID: 'up-test-host',
    };
  });
  afterAll(async () => {
    if (up && up.child.exitCode === null) {
      up.child.kill('SIGKILL');
      await up.exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts everything, runs a remediation, shares the embedded database, and stops cleanly on SIGTERM', async () => {
    up = spawnHale(['up'], env);
    await up.waitForOutput(/hale: up — API/, 180000);
    const api = `http://127.0.0.1:${env.HALE_API_PORT}`;
    const ready = await fetch(`${api}/readyz`);
    expect(ready.status).toBe(200);

    const request = makeRequest('up-test-host');
    const posted = await fetch(`${api}/api/v1/remediations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(posted.status).toBe(201);
    const view = await waitFor(
      'the remediation to complete',
      async () => {
        const body = (await (await fetch(`${api}/api/v1/remediations/${request.id}`)).json()) as {
          status: string;
          outcome: string;
        };
        return body.status === 'COMPLETED' ? body : undefined;
      },
      60000,
    );
    expect(view.outcome).toBe('success');

    // Another process reaches the embedded database through `hale up` (never opening the files itself).
    const migrate = spawnHale(['db', 'migrate'], env);
    expect((await migrate.exited).code).toBe(0);
    expect(migrate.output()).toContain('up to date');

    // A second stack on the same API port is refused with a clear error.
    const clash = spawnHale(['up'], { ...env, HALE_DATA_DIR: path.join(dir, 'other') });
    expect((await clash.exited).code).toBe(1);
    expect(clash.output()).toMatch(/already in use/);

    up.child.kill('SIGTERM');
    expect((await up.exited).code).toBe(0);
    expect(await isPortInUse(Number(env.HALE_TEMPORAL_PORT))).toBe(false);
    expect(await isPortInUse(Number(env.HALE_API_PORT))).toBe(false);
    expect(processesMentioning(path.join(dir, 'temporal'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
  });
});
