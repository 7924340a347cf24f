import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../lib/net';
import { PIPELINE_STAGES } from '../../workflows/definitions';
import { spawnHale } from '../support/cli';

describe('hale demo (what `make demo` runs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-demo-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the scenario end to end on its own stack, prints every stage and the UI link, exits 0', async () => {
    const demo = spawnHale(['demo'], {
      HALE_DATA_DIR: dir,
      HALE_API_PORT: String(await freePort()),
      HALE_TEMPORAL_PORT: String(await freePort()),
      HALE_TEMPORAL_UI_PORT: String(await freePort()),
    });
    const { code } = await demo.exited;
    const out = demo.output();
    expect(code).toBe(0);
    for (const stage of PIPELINE_STAGES) {
      expect(out).toMatch(new RegExp(`✓ ${stage.replace('.', '\\.')}\\s`));
    }
    expect(out).toMatch(/Temporal UI: http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows\/demo-/);
    expect(out).toContain('demo passed');
    expect(out).not.toContain('FAIL');
  });
});
