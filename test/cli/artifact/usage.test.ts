import fs from 'node:fs';
import path from 'node:path';
import { PACKAGES, Workspace } from './workspace';

/** Wrong command lines: exit 2 with the help or the offending option, and nothing is created. */
describe('hale artifact: usage', () => {
  let ws: Workspace;
  beforeAll(() => (ws = Workspace.create('usage')));
  afterAll(() => ws.remove());

  it('prints the help with exit 2 for no or an unknown subcommand', async () => {
    for (const args of [[], ['frobnicate'], ['keys'], ['keys', 'rotate']]) {
      const r = await ws.artifact(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.out).toContain('hale artifact import DIR');
      expect(r.out).toContain('hale artifact verify local://REF [--sandbox]');
      expect(r.out).toContain(
        'Exit 0 ok, 1 verification failed (reason printed), 2 bad usage or input, 3 deferred.',
      );
      expect(r.stdout).toBe('');
    }
    expect(fs.existsSync(ws.data)).toBe(false);
  });

  it('refuses unknown options and missing arguments with exit 2', async () => {
    const unknown = await ws.artifact(['list', '--bogus=1']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('hale: unknown option --bogus');
    const notForThis = await ws.artifact([
      'sign',
      path.join(PACKAGES, 'is-odd-3.0.1.tgz'),
      '--signature',
      'x',
    ]);
    expect(notForThis.code).toBe(2);
    expect(notForThis.out).toContain('unknown option --signature');

    const bothProofs = await ws.artifact([
      'verify',
      path.join(PACKAGES, 'is-odd-3.0.1.tgz'),
      '--key',
      ws.path('k.pub'),
      '--signature',
      'x',
      '--bundle',
      ws.path('b.json'),
    ]);
    expect(bothProofs.code).toBe(2);
    expect(bothProofs.out).toContain(
      'usage: hale artifact verify FILE --key cosign.pub (--signature SIG | --bundle B.json)',
    );

    const noReason = await ws.artifact([
      'mark-bad',
      'local://python-wheel/six/1.16.0/six-1.16.0-py2.py3-none-any.whl',
    ]);
    expect(noReason.code).toBe(2);
    expect(noReason.out).toContain('--reason TEXT');

    const noDir = await ws.artifact(['import', ws.path('does-not-exist')]);
    expect(noDir.code).toBe(2);
    expect(noDir.out).toContain('usage: hale artifact import DIR');
    expect(fs.existsSync(ws.data)).toBe(false);
  });
});
