import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  normalizeProjectName,
  parseDistMetadata,
  venvPackages,
} from '../../../runner-agents/linux/inventory';

describe('venvPackages on a real venv', () => {
  let dir: string;
  let venv: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hale-inv-venv-'));
    venv = path.join(dir, 'venv');
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'ignore' }); // installs pip's own dist-info
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists pip with the version pip itself reports, and changes the checksum when an install changes', async () => {
    const pipVersion = /^pip (\S+)/.exec(
      execFileSync(path.join(venv, 'bin', 'python'), ['-m', 'pip', '--version'], { encoding: 'utf8' }),
    )?.[1];
    const before = await venvPackages(venv);
    expect(pipVersion).toBeDefined();
    expect(before.packages['pip']).toBe(pipVersion);
    expect(before.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect((await venvPackages(venv)).checksum).toBe(before.checksum);

    const [py] = readdirSync(path.join(venv, 'lib')).filter((d) => d.startsWith('python'));
    const distInfo = path.join(venv, 'lib', py!, 'site-packages', 'Hale_Probe-1.2.3.dist-info');
    mkdirSync(distInfo);
    writeFileSync(
      path.join(distInfo, 'METADATA'),
      'Metadata-Version: 2.1\nName: Hale_Probe\nVersion: 1.2.3\n\nbody\n',
    );
    writeFileSync(path.join(distInfo, 'RECORD'), 'hale_probe/__init__.py,sha256=abc,0\n');
    const added = await venvPackages(venv);
    expect(added.packages['hale-probe']).toBe('1.2.3');
    expect(added.checksum).not.toBe(before.checksum);

    // Same name==version list, different installed files: the RECORD changes the checksum too.
    writeFileSync(path.join(distInfo, 'RECORD'), 'hale_probe/__init__.py,sha256=def,10\n');
    const reinstalled = await venvPackages(venv);
    expect(reinstalled.packages).toEqual(added.packages);
    expect(reinstalled.checksum).not.toBe(added.checksum);
  });

  it('refuses a venv that does not exist', async () => {
    await expect(venvPackages(path.join(dir, 'nope'))).rejects.toMatchObject({
      code: 'INVENTORY_ENV_MISSING',
    });
  });

  it('parses METADATA headers and normalises names', () => {
    expect(parseDistMetadata('Name: Foo.Bar\r\nVersion: 2.0\r\n\r\nVersion: 9\n')).toEqual({
      name: 'Foo.Bar',
      version: '2.0',
    });
    expect(parseDistMetadata('Summary: x\n')).toBeUndefined();
    expect(normalizeProjectName('Foo.Bar__baz')).toBe('foo-bar-baz');
  });
});
