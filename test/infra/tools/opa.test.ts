import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OPA, resolveOpa } from '../../../infra/tools';

describe('resolveOpa', () => {
  it('builds opa v1.22.2 with go install (the release PITFALLS.md names)', () => {
    expect(`${OPA.pkg}@${OPA.version}`).toBe('github.com/open-policy-agent/opa@v1.22.2');
    expect(OPA.envVar).toBe('OPA_CLI');
  });

  it('finds the opa that `hale tools` built, at that version (a missing opa fails: run `hale tools`)', async () => {
    const tool = await resolveOpa({ build: false });
    const version = execFileSync(tool.path, ['version'], { encoding: 'utf8' });
    expect(version).toMatch(/^Version: 1\.22\.2$/m);
  });

  it('honours $OPA_CLI and refuses one that is not executable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-opa-'));
    try {
      const fake = path.join(dir, 'opa');
      fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
      await expect(resolveOpa({ env: { OPA_CLI: fake } })).resolves.toEqual({ path: fake, source: 'env' });
      await expect(resolveOpa({ env: { OPA_CLI: path.join(dir, 'nope') } })).rejects.toMatchObject({
        code: 'TOOL_UNAVAILABLE',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
