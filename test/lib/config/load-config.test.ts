import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../lib/config';
import { platformOs } from '../../../lib/config';
import { expectConfigError, repoRoot, tempDirs, validLines, writeYaml } from './temp-config';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

describe('loadConfig: files and defaults', () => {
  it('loads infra/examples/hale.yaml', () => {
    const file = path.join(repoRoot, 'infra', 'examples', 'hale.yaml');
    const config = loadConfig({ path: file, env: {} });
    const dir = path.dirname(file);
    expect(config).toMatchObject({
      configFile: file,
      dataDir: path.join(dir, '.hale'),
      api: { host: '127.0.0.1', port: 8080 },
      temporal: { address: undefined, namespace: 'default', host: '127.0.0.1', port: 7233, uiPort: 8233 },
      database: { url: undefined },
      hosts: [{ id: 'local', os: 'linux', labels: { role: 'demo' } }],
      artifactStore: { path: path.join(dir, '.hale', 'artifacts') },
      hostId: 'local',
    });
    expect(config.services).toEqual([
      {
        name: 'demo-api',
        host: 'local',
        kind: 'python',
        installPath: path.join(dir, 'services', 'demo-api'),
        startCommand: ['python3', '-m', 'demo_api', '--port', '8000'],
        healthUrl: 'http://127.0.0.1:8000/health',
        audit: [],
        slo: { apiP95Ms: 300, errorRate: 0.01 },
      },
    ]);
  });

  it('uses built-in defaults for this machine when there is no file', () => {
    const cwd = dirs.make();
    const config = loadConfig({ env: {}, cwd });
    expect(config.configFile).toBeUndefined();
    expect(config.dataDir).toBe(path.join(cwd, '.hale'));
    expect(config.api).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.temporal).toEqual({
      address: undefined,
      namespace: 'default',
      host: '127.0.0.1',
      port: 7233,
      uiPort: 8233,
    });
    expect(config.database.url).toBeUndefined();
    expect(config.hosts).toHaveLength(1);
    expect(config.hosts[0]?.os).toBe(platformOs(process.platform));
    expect(config.hostId).toBe(config.hosts[0]?.id);
    expect(config.hostId).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);
    expect(config.services).toEqual([]);
    expect(config.artifactStore.path).toBe(path.join(cwd, '.hale', 'artifacts'));
  });

  it('fills defaults for keys a file leaves out, resolving paths against the file directory', () => {
    const dir = dirs.make();
    const file = writeYaml(dir, ['data_dir: state', 'api:', '  port: 9000', ...validLines]);
    const config = loadConfig({ path: file, env: {}, cwd: os.tmpdir() });
    expect(config.dataDir).toBe(path.join(dir, 'state'));
    expect(config.api).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(config.temporal.port).toBe(7233);
    expect(config.services[0]).toMatchObject({
      installPath: path.join(dir, 'svc'),
      startCommand: 'python3 app.py',
      slo: {},
    });
    expect(config.artifactStore.path).toBe(path.join(dir, 'state', 'artifacts'));
  });

  it('reads ./hale.yaml from cwd when no path or HALE_CONFIG is given', () => {
    const cwd = dirs.make();
    writeYaml(cwd, ['api:', '  port: 9100']);
    expect(loadConfig({ env: {}, cwd }).api.port).toBe(9100);
  });

  it('prefers the path argument over HALE_CONFIG, and HALE_CONFIG over ./hale.yaml', () => {
    const cwd = dirs.make();
    writeYaml(cwd, ['api:', '  port: 9100']);
    writeYaml(cwd, ['api:', '  port: 9200'], 'env.yaml');
    writeYaml(cwd, ['api:', '  port: 9300'], 'arg.yaml');
    expect(loadConfig({ env: { HALE_CONFIG: 'env.yaml' }, cwd }).api.port).toBe(9200);
    expect(loadConfig({ path: 'arg.yaml', env: { HALE_CONFIG: 'env.yaml' }, cwd }).api.port).toBe(9300);
  });

  it('treats an empty file as all defaults', () => {
    const dir = dirs.make();
    const file = path.join(dir, 'hale.yaml');
    fs.writeFileSync(file, '# nothing yet\n');
    expect(loadConfig({ path: file, env: {} }).api.port).toBe(8080);
  });

  it('picks the host matching the hostname, else the first host', () => {
    const dir = dirs.make();
    const hostname =
      os
        .hostname()
        .split('.')[0]
        ?.replace(/[^A-Za-z0-9._-]/g, '-') ?? 'x';
    const hosts = [
      'hosts:',
      '  - id: other',
      '    os: linux',
      `  - id: ${JSON.stringify(hostname)}`,
      '    os: linux',
    ];
    expect(loadConfig({ path: writeYaml(dir, hosts), env: {} }).hostId).toBe(hostname);
    const others = ['hosts:', '  - id: zz-first', '    os: windows', '  - id: zz-second', '    os: macos'];
    expect(loadConfig({ path: writeYaml(dir, others, 'b.yaml'), env: {} }).hostId).toBe('zz-first');
  });

  it('refuses a missing file given by path or HALE_CONFIG with CONFIG_NOT_FOUND', () => {
    const cwd = dirs.make();
    const missing = path.join(cwd, 'nope.yaml');
    expectConfigError(() => loadConfig({ path: missing, env: {} }), 'CONFIG_NOT_FOUND', {
      file: missing,
      rule: 'read',
    });
    expectConfigError(() => loadConfig({ env: { HALE_CONFIG: 'nope.yaml' }, cwd }), 'CONFIG_NOT_FOUND', {
      file: missing,
    });
    expectConfigError(() => loadConfig({ path: cwd, env: {} }), 'CONFIG_NOT_FOUND', { file: cwd });
  });
});
