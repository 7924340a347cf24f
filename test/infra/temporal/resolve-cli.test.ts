import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTemporalCli, TemporalBootstrapError } from '../../../infra/temporal';
import { temporalCliPath } from '../../support/temporal';

describe('resolveTemporalCli: $TEMPORAL_CLI, then PATH, then the tool cache', () => {
  let dir: string;
  let real: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-cli-'));
    real = await temporalCliPath();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const emptyPath = () => path.join(dir, 'empty-path');

  it('takes $TEMPORAL_CLI first', async () => {
    const found = await resolveTemporalCli({
      env: { TEMPORAL_CLI: real, PATH: '' },
      toolsDir: dir,
      build: false,
    });
    expect(found).toEqual({ path: real, source: 'env' });
  });

  it('refuses a $TEMPORAL_CLI that is not executable, with a code', async () => {
    const notExec = path.join(dir, 'not-exec');
    fs.writeFileSync(notExec, 'x', { mode: 0o644 });
    await expect(resolveTemporalCli({ env: { TEMPORAL_CLI: notExec }, build: false })).rejects.toMatchObject({
      code: 'TEMPORAL_CLI_UNAVAILABLE',
    });
  });

  it('then finds `temporal` on PATH', async () => {
    const bin = path.join(dir, 'on-path');
    fs.mkdirSync(bin, { recursive: true });
    fs.symlinkSync(real, path.join(bin, 'temporal'));
    const found = await resolveTemporalCli({
      env: { PATH: `${emptyPath()}:${bin}` },
      toolsDir: path.join(dir, 'no-cache'),
      build: false,
    });
    expect(found).toEqual({ path: path.join(bin, 'temporal'), source: 'path' });
  });

  it('then the tool cache', async () => {
    const cache = path.join(dir, 'cache');
    fs.mkdirSync(path.join(cache, 'bin'), { recursive: true });
    fs.symlinkSync(real, path.join(cache, 'bin', 'temporal'));
    const found = await resolveTemporalCli({ env: { PATH: emptyPath() }, toolsDir: cache, build: false });
    expect(found).toEqual({ path: path.join(cache, 'bin', 'temporal'), source: 'cache' });
  });

  it('says where it looked when nothing is found and building is off', async () => {
    const err = await resolveTemporalCli({
      env: { PATH: emptyPath() },
      toolsDir: path.join(dir, 'none'),
      build: false,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporalBootstrapError);
    expect(err).toMatchObject({ code: 'TEMPORAL_CLI_UNAVAILABLE' });
  });

  it("reports every version it tried, with go's answer, when go install cannot build", async () => {
    // A real `go` run that fails at once: GOPROXY=off forbids fetching the module.
    const progress: string[] = [];
    const err = (await resolveTemporalCli({
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GOPROXY: 'off',
        GOFLAGS: '-modcacherw',
        GOMODCACHE: path.join(dir, 'modcache'),
      },
      toolsDir: path.join(dir, 'build'),
      onProgress: (line) => progress.push(line),
    }).catch((e: unknown) => e)) as TemporalBootstrapError;
    expect(err.code).toBe('TEMPORAL_CLI_UNAVAILABLE');
    expect(err.message).toMatch(/v1\.5\.1: .*\n.*v1\.5\.0: .*\n.*v1\.4\.1: /s);
    expect(progress.some((l) => l.includes('go install'))).toBe(true);
  });
});
