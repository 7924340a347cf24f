import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { complianceVote, DEFAULT_LICENCE_POLICY } from '../../../lib/l2/compliance';
import { signedStore, type SignedStore } from '../../support/signed-store';
import { makeWheel } from '../../support/wheels';

describe('L2 compliance: SBOM licence policy over the signed store', () => {
  let dir: string;
  let s: SignedStore;
  const refs: Record<string, string> = {};
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-compliance-'));
    const mirror = path.join(dir, 'mirror');
    fs.mkdirSync(mirror);
    const wheel = (name: string, lines: string[]) =>
      makeWheel(mirror, name, '1.0.0', { [`${name}/__init__.py`]: '' }, lines).file;
    const files = [
      wheel('mit_lib', ['License-Expression: MIT']),
      wheel('dual_lib', ['License-Expression: GPL-3.0-only OR Apache-2.0']),
      wheel('agpl_lib', ['License-Expression: AGPL-3.0-only']),
      wheel('bare_lib', []),
      wheel('odd_lib', ['License: Proprietary Foo']),
    ];
    s = await signedStore(dir, files);
    for (const a of s.store.list()) refs[a.entry.name] = a.ref;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts allowed licences, including an OR with one allowed side', () => {
    const v = complianceVote(s.store, [refs.mit_lib as string, refs.dual_lib as string]);
    expect(v).toMatchObject({ voter: 'l2:compliance', verdict: 'accept' });
    expect(v.evidence_refs).toHaveLength(2);
    expect(v.evidence_refs[0]).toMatch(/^sbom:\/\/sha256:[0-9a-f]{64}$/);
  });

  it('vetoes a denied licence and blocks an unknown or missing one', () => {
    const denied = complianceVote(s.store, [refs.mit_lib as string, refs.agpl_lib as string]);
    expect(denied.verdict).toBe('veto');
    expect(denied.reasons).toEqual([
      expect.stringContaining('agpl_lib 1.0.0: licence AGPL-3.0-only is denied'),
    ]);
    const unknown = complianceVote(s.store, [refs.bare_lib as string, refs.odd_lib as string]);
    expect(unknown.verdict).toBe('reject');
    expect(unknown.reasons).toEqual([
      expect.stringContaining('bare_lib 1.0.0: no licence declared'),
      expect.stringContaining('odd_lib 1.0.0: licence Proprietary Foo not in the allow list'),
    ]);
    const lenient = complianceVote(s.store, [refs.bare_lib as string], {
      ...DEFAULT_LICENCE_POLICY,
      unknown: 'allow',
    });
    expect(lenient.verdict).toBe('accept');
  });

  it('vetoes an SBOM that does not match the digest the signed index records', () => {
    const { entry } = s.store.find(refs.mit_lib as string);
    const file = s.store.paths.sbom(entry.hashes.sha256);
    const original = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, original.replace('"MIT"', '"Apache-2.0"'));
      const v = complianceVote(s.store, [refs.mit_lib as string]);
      expect(v.verdict).toBe('veto');
      expect(v.reasons[0]).toMatch(/SBOM does not match the digest/);
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});
