import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { nodeReleasePackages } from '../../../runner-agents/linux/inventory';

describe('nodeReleasePackages on a real release directory', () => {
  let release: string;

  const addPackage = (name: string, version: string): void => {
    const dir = path.join(release, 'node_modules', ...name.split('/'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version }));
  };

  beforeAll(() => {
    release = mkdtempSync(path.join(os.tmpdir(), 'hale-inv-release-'));
    execFileSync('npm', ['init', '-y'], { cwd: release, stdio: 'ignore' });
    addPackage('left-pad', '1.3.0');
    addPackage('@scope/util', '2.0.1');
    addPackage('left-pad/node_modules/nested', '9.9.9'); // nested: not top level
  });

  afterAll(() => rmSync(release, { recursive: true, force: true }));

  it('lists top-level packages (scoped too) and the checksum follows installs', async () => {
    const first = await nodeReleasePackages(release);
    expect(first.packages).toEqual({ 'left-pad': '1.3.0', '@scope/util': '2.0.1' });
    expect(first.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect((await nodeReleasePackages(release)).checksum).toBe(first.checksum);

    addPackage('left-pad', '1.3.1');
    const upgraded = await nodeReleasePackages(release);
    expect(upgraded.packages['left-pad']).toBe('1.3.1');
    expect(upgraded.checksum).not.toBe(first.checksum);

    writeFileSync(path.join(release, 'package-lock.json'), '{"lockfileVersion":3}');
    expect((await nodeReleasePackages(release)).checksum).not.toBe(upgraded.checksum);
  });

  it('refuses a release directory that does not exist', async () => {
    await expect(nodeReleasePackages(path.join(release, 'nope'))).rejects.toMatchObject({
      code: 'INVENTORY_ENV_MISSING',
    });
  });
});
