import path from 'node:path';
import { loadConfig } from '../../../lib/config';
import { expectConfigError, tempDirs, validLines, writeYaml } from './temp-config';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

describe('loadConfig: environment overrides', () => {
  let file: string;
  let cwd: string;
  beforeAll(() => {
    cwd = dirs.make();
    file = writeYaml(dirs.make(), ['api:', '  port: 9000', 'temporal:', '  port: 7300', ...validLines]);
  });
  const load = (env: NodeJS.ProcessEnv) => loadConfig({ path: file, env, cwd });

  it('HALE_CONFIG selects the file', () => {
    expect(loadConfig({ env: { HALE_CONFIG: file }, cwd }).configFile).toBe(file);
  });

  it('HALE_DATA_DIR overrides data_dir, relative to the working directory', () => {
    expect(load({ HALE_DATA_DIR: 'elsewhere' }).dataDir).toBe(path.join(cwd, 'elsewhere'));
    expect(load({ HALE_DATA_DIR: '/var/lib/hale' }).dataDir).toBe(path.resolve('/var/lib/hale'));
    expect(load({ HALE_DATA_DIR: 'elsewhere' }).artifactStore.path).toBe(
      path.join(cwd, 'elsewhere', 'artifacts'),
    );
  });

  it.each([
    ['HALE_API_PORT', '9001', (c: ReturnType<typeof load>) => c.api.port, 9001],
    ['HALE_API_HOST', '0.0.0.0', (c: ReturnType<typeof load>) => c.api.host, '0.0.0.0'],
    ['HALE_TEMPORAL_PORT', '7400', (c: ReturnType<typeof load>) => c.temporal.port, 7400],
    ['HALE_TEMPORAL_UI_PORT', '8300', (c: ReturnType<typeof load>) => c.temporal.uiPort, 8300],
    ['HALE_TEMPORAL_HOST', '127.0.0.2', (c: ReturnType<typeof load>) => c.temporal.host, '127.0.0.2'],
    [
      'TEMPORAL_ADDRESS',
      'temporal.internal:7233',
      (c: ReturnType<typeof load>) => c.temporal.address,
      'temporal.internal:7233',
    ],
    ['TEMPORAL_NAMESPACE', 'hale-prod', (c: ReturnType<typeof load>) => c.temporal.namespace, 'hale-prod'],
    [
      'DATABASE_URL',
      'postgres://u:p@db:5432/hale',
      (c: ReturnType<typeof load>) => c.database.url,
      'postgres://u:p@db:5432/hale',
    ],
    ['HALE_HOST_ID', 'local', (c: ReturnType<typeof load>) => c.hostId, 'local'],
  ])('%s=%s overrides the file', (variable, value, read, expected) => {
    expect(read(load({ [variable]: value }))).toEqual(expected);
  });

  it('empty variables are ignored', () => {
    expect(load({ HALE_API_PORT: '', TEMPORAL_ADDRESS: ' ' })).toMatchObject({
      api: { port: 9000 },
      temporal: { address: undefined },
    });
  });

  it('HALE_HOST_ID names the local host when the file lists no hosts', () => {
    const config = loadConfig({ env: { HALE_HOST_ID: 'box-7' }, cwd: dirs.make() });
    expect(config.hostId).toBe('box-7');
    expect(config.hosts.map((h) => h.id)).toEqual(['box-7']);
  });

  it.each([
    ['HALE_API_PORT', 'eighty', 'type'],
    ['HALE_API_PORT', '70000', 'maximum'],
    ['HALE_API_PORT', '0', 'minimum'],
    ['HALE_API_PORT', '-1', 'type'],
    ['HALE_API_PORT', '80.5', 'type'],
    ['HALE_TEMPORAL_PORT', '99999', 'maximum'],
    ['HALE_TEMPORAL_UI_PORT', 'x', 'type'],
    ['TEMPORAL_ADDRESS', 'no-port', 'pattern'],
    ['TEMPORAL_NAMESPACE', 'bad namespace', 'pattern'],
    ['DATABASE_URL', 'mysql://db/hale', 'pattern'],
    ['HALE_HOST_ID', 'not-listed', 'reference'],
    ['HALE_HOST_ID', 'bad id', 'pattern'],
  ])('a bad %s=%p is CONFIG_INVALID naming the variable', (variable, value, rule) => {
    const err = expectConfigError(() => load({ [variable]: value }), 'CONFIG_INVALID', {
      field: variable,
      variable,
      rule,
    });
    expect(err.message).toContain(variable);
  });

  it('does not echo DATABASE_URL (it may hold a password)', () => {
    const err = expectConfigError(
      () => load({ DATABASE_URL: 'mysql://u:s3cret@db/hale' }),
      'CONFIG_INVALID',
      { variable: 'DATABASE_URL' },
    );
    expect(err.message).not.toContain('s3cret');
  });

  it('reports a bad file value at its line even when an env variable overrides it', () => {
    const bad = writeYaml(dirs.make(), ['api:', '  port: 99999']);
    expectConfigError(() => loadConfig({ path: bad, env: { HALE_API_PORT: '9000' } }), 'CONFIG_INVALID', {
      file: bad,
      line: 2,
      field: 'api.port',
      rule: 'maximum',
    });
  });
});
