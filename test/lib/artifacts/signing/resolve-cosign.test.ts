import fs from 'node:fs';
import path from 'node:path';
import { resolveCosign } from '../../../../infra/tools';
import { removeDir, tempDir } from './cosign-cli';

describe('resolveCosign', () => {
  let dir: string;
  const exe = (file: string): string => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
    return file;
  };

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => removeDir(dir));

  it('prefers $COSIGN_CLI, then the tool cache, then PATH', async () => {
    const cached = exe(path.join(dir, 'tools', 'bin', 'cosign'));
    const onPath = exe(path.join(dir, 'path', 'cosign'));
    const explicit = exe(path.join(dir, 'mine', 'cosign'));
    const toolsDir = path.join(dir, 'tools');
    const env = { PATH: path.join(dir, 'path') };
    await expect(resolveCosign({ env: { ...env, COSIGN_CLI: explicit }, toolsDir })).resolves.toEqual({
      path: explicit,
      source: 'env',
    });
    await expect(resolveCosign({ env, toolsDir })).resolves.toEqual({ path: cached, source: 'cache' });
    fs.rmSync(cached);
    await expect(resolveCosign({ env, toolsDir })).resolves.toEqual({ path: onPath, source: 'path' });
  });

  it('fails with a hint to run `hale tools` when building is off, and on a bad $COSIGN_CLI', async () => {
    const env = { PATH: path.join(dir, 'empty'), HALE_TOOLS_DIR: path.join(dir, 'tools') };
    await expect(resolveCosign({ env, build: false })).rejects.toMatchObject({
      code: 'TOOL_UNAVAILABLE',
      message: expect.stringContaining('hale tools'),
    });
    await expect(
      resolveCosign({ env: { ...env, COSIGN_CLI: path.join(dir, 'nope') } }),
    ).rejects.toMatchObject({
      code: 'TOOL_UNAVAILABLE',
    });
  });

  it('carries go output when go install fails', async () => {
    // A fake `go` on PATH that fails like a build would; GOBIN must point into the tool cache.
    const fakeGo = path.join(dir, 'bin', 'go');
    fs.mkdirSync(path.dirname(fakeGo));
    fs.writeFileSync(fakeGo, '#!/bin/sh\necho "gobin=$GOBIN args=$*" >&2\nexit 1\n', { mode: 0o755 });
    const toolsDir = path.join(dir, 'tools');
    const err = await resolveCosign({ env: { PATH: path.join(dir, 'bin') }, toolsDir }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'TOOL_BUILD_FAILED' });
    const output = (err as { details: { output: string } }).details.output;
    expect(output).toContain(`gobin=${path.join(toolsDir, 'bin')}`);
    expect(output).toContain('install github.com/sigstore/cosign/v3/cmd/cosign@v3.1.2');
  });
});
