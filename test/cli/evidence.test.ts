import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPglite } from '../../lib/db';
import { verifyInclusionDoc, type InclusionProofDoc } from '../../lib/ledger';
import { spawnHale } from '../support/cli';

/** `hale evidence …` against an embedded database that no process holds (Hale is down). */
describe('hale evidence CLI', () => {
  let dir: string;
  let env: Record<string, string>;
  const run = async (...args: string[]) => {
    const p = spawnHale(['evidence', ...args], env);
    const { code } = await p.exited;
    return { code, out: p.output() };
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-evidence-'));
    env = { HALE_DATA_DIR: dir };
    fs.writeFileSync(
      path.join(dir, 'action.json'),
      JSON.stringify({ command: 'systemctl restart api', token: 'Bearer abc.def.ghi' }),
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records, annotates, checkpoints, verifies, proves, exports and verifies the bundle offline', async () => {
    const recorded = await run(
      'record',
      '--type',
      'manual.action',
      '--actor',
      'alice',
      '--payload',
      path.join(dir, 'action.json'),
      '--incident',
      'inc-9',
    );
    expect(recorded).toMatchObject({ code: 0 });
    expect(recorded.out).toMatch(/recorded seq 1 [0-9a-f]{64}/);
    expect(
      (
        await run(
          'annotate',
          '1',
          '--kind',
          'EXPLANATION_NL',
          '--text',
          'restarted to clear a leaked pool',
          '--actor',
          'bob',
        )
      ).code,
    ).toBe(0);

    const cp = await run('checkpoint');
    expect(cp.code).toBe(0);
    expect(cp.out).toContain('-----BEGIN HALE CHECKPOINT-----');
    fs.writeFileSync(path.join(dir, 'anchor.txt'), cp.out);

    const verified = await run('verify', '--anchor', path.join(dir, 'anchor.txt'));
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/ok: 4 entries verified .* 1 checkpoints, 1 keys, head [0-9a-f]{64}/);

    const proved = await run('prove', '1');
    expect(proved.code).toBe(0);
    const doc = JSON.parse(proved.out) as InclusionProofDoc;
    const keyFile = fs.readdirSync(path.join(dir, 'keys'));
    expect(keyFile).toEqual(['hale-control.key']);

    const timeline = await run('timeline', 'inc-9');
    expect(timeline.out).toContain('manual.action  by alice');
    expect(timeline.out).toContain('↳ #2 EXPLANATION_NL by bob');
    expect(timeline.out).not.toContain('abc.def.ghi');

    const exported = spawnHale(['evidence', 'export', '--incident', 'inc-9'], env);
    expect((await exported.exited).code).toBe(0);
    const bundleText = exported
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .join('\n');
    const bundle = path.join(dir, 'bundle.jsonl');
    fs.writeFileSync(bundle, `${bundleText}\n`);
    const ok = await run('verify-bundle', bundle);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/ok: 2 entries and 1 keys proven/);

    // The proof checks out with nothing but the control key's public key (from the bundle).
    const keyLine = bundleText
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((l) => l.kind === 'key');
    expect(verifyInclusionDoc(doc, keyLine.entry.payload.public_key)).toEqual({ ok: true });

    fs.writeFileSync(
      path.join(dir, 'tampered.jsonl'),
      bundleText.replace('systemctl restart api', 'systemctl stop api') + '\n',
    );
    const bad = await run('verify-bundle', path.join(dir, 'tampered.jsonl'));
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/FAILED at line \d+ \(seq 1\): hash mismatch/);
  });

  it('names the first bad seq when the database was tampered with, exit 1', async () => {
    const db = await openPglite(dir);
    await db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(`UPDATE ledger_entries SET actor = 'mallory' WHERE seq = 2`);
    });
    await db.close();
    const verified = await run('verify');
    expect(verified.code).toBe(1);
    expect(verified.out).toContain('FAILED at seq 2: hash mismatch');
  });

  it('usage errors exit 2', async () => {
    expect((await run('annotate', '1', '--kind', 'EXPLANATION_NL')).code).toBe(2);
    expect((await run('annotate', 'x', '--text', 'y')).code).toBe(2);
    expect((await run('record', '--type', 'a')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });
});
