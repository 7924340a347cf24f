import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { relocatedDemoConfig } from '../../cli/demo-site';
import { freePort } from '../../lib/net';
import { PIPELINE_STAGES } from '../../workflows/definitions';
import { spawnHale } from '../support/cli';

/** infra/examples/hale.demo.yaml moved into `dir`, on free ports (the suite may run beside a demo). */
async function demoSite(dir: string): Promise<string> {
  return relocatedDemoConfig(dir, {
    router: await freePort(),
    slotA: await freePort(),
    slotB: await freePort(),
  });
}

describe('hale demo (what `make demo` runs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-demo-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('rolls the bad version back and promotes the good one under live traffic, prints every stage, verifies the ledger, exits 0; a second run starts again from the first version', async () => {
    const config = await demoSite(dir);
    const env = {
      HALE_API_PORT: String(await freePort()),
      HALE_TEMPORAL_PORT: String(await freePort()),
      HALE_TEMPORAL_UI_PORT: String(await freePort()),
    };
    const demo = spawnHale(['demo', '--config', config], env);
    const { code } = await demo.exited;
    const out = demo.output();
    if (code !== 0) console.log(out);
    expect(code).toBe(0);
    for (const stage of PIPELINE_STAGES) {
      expect(out).toMatch(new RegExp(`✓ ${stage.replace('.', '\\.')}\\s`));
    }
    expect(out).toMatch(/✗ watch\s/);
    expect(out).toMatch(/rolled_back: watch: SLO_BURN/);
    expect(out).toMatch(/PASS \(a\) traffic back on blue within 2 s of the burn \(burn → blue \d+\.\d+ s/);
    expect(out).toContain('PASS (b) the service now serves demo_lib 1.1.0');
    expect(out).toContain('PASS evidence ledger verifies');
    expect(out).toContain('demo passed');
    expect(out).not.toContain('FAIL');
    // the second run starts again from 1.0.0 (a downgrade would rightly be voted down), nothing re-imported
    const again = spawnHale(['demo', '--config', config], env);
    const second = await again.exited;
    if (second.code !== 0) console.log(again.output());
    expect(second.code).toBe(0);
    expect(again.output()).toContain(
      'a previous demo left demo-api on demo_lib 1.1.0: starting again from 1.0.0',
    );
    expect(again.output()).toContain('PASS (b) the service now serves demo_lib 1.1.0');
    expect(again.output()).not.toContain('demo artifacts imported');
  }, 600_000);
});
