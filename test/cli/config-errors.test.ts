import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnHale } from '../support/cli';

describe('hale CLI: bad configuration exits 2 with file:line and no stack trace', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-cfg-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);

  it.each([
    ['config', 'check'],
    ['up', '--config'],
  ])('hale %s with an invalid enum names the file, line and field', async (...cmd) => {
    const file = path.join(dir, 'hale.yaml');
    fs.writeFileSync(
      file,
      [
        'data_dir: ./data',
        'hosts:',
        '  - id: local',
        '    os: linux',
        'services:',
        '  - name: demo-api',
        '    host: local',
        '    kind: ruby',
        '    install_path: ./srv/demo-api',
        '    start_command: python -m demo_api',
        '',
      ].join('\n'),
    );
    const run = spawnHale([...cmd, file]);
    const { code } = await run.exited;
    expect(code).toBe(2);
    expect(run.output()).toContain(`${file}:8`);
    expect(run.output()).toMatch(/kind/);
    noStack(run.output());
  });

  it('a YAML syntax error gives file:line', async () => {
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, 'api:\n  port: 8080\n  host: [unclosed\n');
    const run = spawnHale(['config', 'check', file]);
    expect((await run.exited).code).toBe(2);
    expect(run.output()).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`));
    noStack(run.output());
  });

  it('a bad HALE_API_PORT exits 2 naming the variable', async () => {
    const run = spawnHale(['config', 'check'], { HALE_API_PORT: 'eighty', HALE_DATA_DIR: dir });
    expect((await run.exited).code).toBe(2);
    expect(run.output()).toContain('HALE_API_PORT');
    noStack(run.output());
  });

  it('an unknown command or option exits 2', async () => {
    expect((await spawnHale(['frobnicate']).exited).code).toBe(2);
    expect((await spawnHale(['up', '--bogus', 'x']).exited).code).toBe(2);
  });
});
