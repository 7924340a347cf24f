import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  collectCacheInfo,
  collectInventory,
  parseOsRelease,
  parsePythonVersion,
  which,
} from '../../../runner-agents/linux/inventory';

describe('collectInventory on this machine', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hale-inv-'));
    execFileSync('python3', ['-m', 'venv', '--without-pip', path.join(dir, 'venv')], { stdio: 'ignore' });
    mkdirSync(path.join(dir, 'release', 'node_modules', 'x'), { recursive: true });
    writeFileSync(
      path.join(dir, 'release', 'node_modules', 'x', 'package.json'),
      '{"name":"x","version":"1.0.0"}',
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the host and each service environment', async () => {
    const inv = await collectInventory({
      services: [
        { name: 'api', release: path.join(dir, 'release') },
        { name: 'worker', venv: path.join(dir, 'venv') },
        { name: 'both', venv: path.join(dir, 'venv'), release: path.join(dir, 'release') },
        { name: 'gone', venv: path.join(dir, 'missing') },
        { name: 'bare' },
      ],
      diskPaths: ['/', dir],
    });
    expect(inv.os).toBe('linux');
    expect(inv.kernel).toBe(os.release());
    expect(inv.hostname).toBe(os.hostname());
    expect(inv.node).toBe(process.versions.node);
    const pretty = parseOsRelease(readFileSync('/etc/os-release', 'utf8'))['PRETTY_NAME'];
    expect(inv.osVersion).toBe(pretty);
    const python = execFileSync('python3', ['--version'], { encoding: 'utf8' });
    expect(inv.python).toBe(parsePythonVersion(python));
    expect('gpuDriver' in inv).toBe((await which('nvidia-smi')) !== undefined);
    expect(inv.disk).toHaveLength(2);
    for (const d of inv.disk) {
      expect(d.totalBytes).toBeGreaterThan(0);
      expect(d.freeBytes).toBeGreaterThanOrEqual(0);
      expect(d.freeBytes).toBeLessThanOrEqual(d.totalBytes);
    }
    const byName = Object.fromEntries(inv.services.map((s) => [s.name, s]));
    expect(byName['api']).toMatchObject({ environment: 'node-release', packages: { x: '1.0.0' } });
    expect(byName['worker']).toMatchObject({ environment: 'python-venv', packages: {} });
    expect(byName['worker']?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(byName['both']).toMatchObject({
      environment: 'python-venv+node-release',
      packages: { 'npm:x': '1.0.0' },
    });
    expect(byName['gone']).toEqual({ name: 'gone', environment: 'python-venv' });
    expect(byName['bare']).toEqual({ name: 'bare' });
  });

  it('parses os-release quoting', () => {
    expect(parseOsRelease('PRETTY_NAME="Ubuntu 24.04 \\"noble\\""\nID=ubuntu\n# c\n')).toEqual({
      PRETTY_NAME: 'Ubuntu 24.04 "noble"',
      ID: 'ubuntu',
    });
    expect(parsePythonVersion('Python 3.12.1\n')).toBe('3.12.1');
  });
});

describe('collectCacheInfo', () => {
  it('counts files and bytes per cache directory, 0 for a missing one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hale-cache-'));
    try {
      mkdirSync(path.join(dir, 'wheels', 'ab'), { recursive: true });
      writeFileSync(path.join(dir, 'wheels', 'a.whl'), Buffer.alloc(1000));
      writeFileSync(path.join(dir, 'wheels', 'ab', 'b.whl'), Buffer.alloc(24));
      const info = await collectCacheInfo([
        { kind: 'pip', path: path.join(dir, 'wheels') },
        { kind: 'npm', path: path.join(dir, 'none') },
      ]);
      expect(info.caches).toEqual([
        { kind: 'pip', path: path.join(dir, 'wheels'), entries: 2, bytes: 1024 },
        { kind: 'npm', path: path.join(dir, 'none'), entries: 0, bytes: 0 },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
