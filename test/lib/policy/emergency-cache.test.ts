import fs from 'node:fs';
import path from 'node:path';
import { generateSigner } from '../../../lib/ledger/keys';
import {
  EMERGENCY_RULE,
  emergencyCacheDir,
  generatePolicyKeyPair,
  loadEmergencyPolicy,
  openGovernance,
  policyCacheSigner,
  readEmergencySnapshot,
  saveEmergencyPolicy,
  verifyPolicyBundle,
  type PolicyTrust,
} from '../../../lib/policy';
import {
  buildSigned,
  changeInput,
  diagnoseInput,
  KEY_ID,
  rejection,
  rollbackInput,
  tempDir,
  type SignedBundle,
} from './support';

describe('EmergencyPolicyCache', () => {
  let dir: string;
  let built: SignedBundle;
  let dataDir: string;
  const signer = generateSigner('policy-cache');
  const verifiedAt = new Date('2026-03-03T09:00:00.000Z');

  beforeAll(async () => {
    dir = tempDir();
    built = await buildSigned(dir);
  });
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(dir, 'data-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function save(): Promise<void> {
    const verified = await verifyPolicyBundle(built.bytes, built.trust, { now: () => verifiedAt });
    saveEmergencyPolicy(verified, { dataDir, signer });
  }
  const load = (over: { trust?: PolicyTrust; maxAgeMs?: number; now?: () => Date } = {}) =>
    loadEmergencyPolicy({ dataDir, trust: built.trust, snapshotKey: signer, ...over });

  it('keeps the verified bundle as a signed snapshot under the data dir and loads it back as emergency', async () => {
    await save();
    const cache = emergencyCacheDir(dataDir);
    expect(cache).toBe(path.join(dataDir, 'policy', 'emergency'));
    const snapshot = readEmergencySnapshot(dataDir, signer);
    expect(snapshot).toMatchObject({
      bundle_key_id: KEY_ID,
      revision: 'test-rev-1',
      verified_at: verifiedAt.toISOString(),
      bundle_bytes: built.bytes.length,
    });
    expect(fs.readFileSync(path.join(cache, snapshot.bundle_file)).equals(built.bytes)).toBe(true);
    const gov = await load();
    expect(gov.emergency).toBe(true);
    expect(gov.bundle).toMatchObject({ keyId: KEY_ID, verifiedAt: verifiedAt.toISOString() });
  });

  it('allows only read-only actions: diagnosis and rollback yes, an otherwise allowed change no', async () => {
    await save();
    const gov = await load();
    expect(gov.evaluate(diagnoseInput())).toMatchObject({
      allow: true,
      read_only_ok: true,
      emergency: true,
      deny: [],
    });
    expect(gov.evaluate(rollbackInput())).toMatchObject({ allow: true, read_only_ok: true, emergency: true });
    const change = gov.evaluate(changeInput());
    expect(change).toMatchObject({
      allow: false,
      read_only_ok: false,
      emergency: true,
      action_class: 'mutating',
    });
    expect(change.deny.map((d) => d.rule)).toEqual([EMERGENCY_RULE]);
    expect(change.deny[0]?.message).toContain(verifiedAt.toISOString());
  });

  it('still applies every rule to read-only actions (a rollback by an unknown actor stays denied)', async () => {
    await save();
    const decision = (await load()).evaluate({ ...rollbackInput(), actor: { id: 'eve', roles: [] } });
    expect(decision).toMatchObject({ allow: false, read_only_ok: false, emergency: true });
    expect(decision.deny.map((d) => d.rule)).toEqual(['rbac.launch_role']);
  });

  it('refuses a missing cache (POLICY_UNAVAILABLE), an edited snapshot and a swapped bundle', async () => {
    expect((await rejection(load())).code).toBe('POLICY_UNAVAILABLE');
    await save();
    const file = path.join(emergencyCacheDir(dataDir), 'snapshot.json');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace(verifiedAt.toISOString(), new Date().toISOString()));
    expect(await rejection(load())).toMatchObject({
      code: 'POLICY_SIGNATURE_INVALID',
      details: { reason: 'snapshot' },
    });
    fs.writeFileSync(file, original);
    const other = generateSigner('policy-cache');
    expect(
      (await rejection(loadEmergencyPolicy({ dataDir, trust: built.trust, snapshotKey: other }))).code,
    ).toBe('POLICY_SIGNATURE_INVALID');
    const bundleFile = path.join(
      emergencyCacheDir(dataDir),
      readEmergencySnapshot(dataDir, signer).bundle_file,
    );
    const bytes = fs.readFileSync(bundleFile);
    fs.writeFileSync(bundleFile, Buffer.concat([bytes, Buffer.from([0])]));
    expect((await rejection(load())).code).toBe('POLICY_FILE_HASH_MISMATCH');
  });

  it('re-verifies the bundle with the trust of today: a key no longer trusted is refused', async () => {
    await save();
    const revoked: PolicyTrust = {
      keys: { [KEY_ID]: { algorithm: 'ES256', publicKeyPem: generatePolicyKeyPair().publicKeyPem } },
    };
    expect((await rejection(load({ trust: revoked }))).code).toBe('POLICY_SIGNATURE_INVALID');
  });

  it('refuses a snapshot older than maxAgeMs (POLICY_CACHE_STALE)', async () => {
    await save();
    const now = () => new Date(verifiedAt.getTime() + 2 * 3600_000);
    expect((await rejection(load({ maxAgeMs: 3600_000, now }))).code).toBe('POLICY_CACHE_STALE');
    await expect(load({ maxAgeMs: 3 * 3600_000, now })).resolves.toMatchObject({ emergency: true });
  });
});

describe('openGovernance', () => {
  let dir: string;
  let built: SignedBundle;

  beforeAll(async () => {
    dir = tempDir();
    built = await buildSigned(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses the live bundle and snapshots it; falls back to the emergency cache when the bundle is gone or tampered', async () => {
    const dataDir = fs.mkdtempSync(path.join(dir, 'data-'));
    const signer = policyCacheSigner(dataDir);
    expect(fs.existsSync(path.join(dataDir, 'keys', 'policy-cache.key'))).toBe(true);
    const bundleFile = path.join(dir, 'live.tar.gz');
    fs.copyFileSync(built.file, bundleFile);
    const opts = { bundleFile, trust: built.trust, dataDir, signer };

    const live = await openGovernance(opts);
    expect(live.fallback).toBeUndefined();
    expect(live.evaluator.emergency).toBe(false);
    expect(live.evaluator.evaluate(changeInput()).allow).toBe(true);
    expect(readEmergencySnapshot(dataDir, signer).bundle_sha256).toBe(live.evaluator.bundle.sha256);

    fs.writeFileSync(bundleFile, Buffer.concat([built.bytes.subarray(0, 100), Buffer.alloc(100)]));
    const broken = await openGovernance(opts);
    expect(broken.fallback?.code).toBe('POLICY_BUNDLE_INVALID');
    expect(broken.evaluator.emergency).toBe(true);
    expect(broken.evaluator.evaluate(changeInput()).allow).toBe(false);
    expect(broken.evaluator.evaluate(rollbackInput()).allow).toBe(true);

    fs.rmSync(bundleFile);
    expect((await openGovernance(opts)).fallback?.code).toBe('POLICY_UNAVAILABLE');

    fs.rmSync(emergencyCacheDir(dataDir), { recursive: true });
    expect(await rejection(openGovernance(opts))).toMatchObject({
      code: 'POLICY_UNAVAILABLE',
      details: { live: 'POLICY_UNAVAILABLE', emergency: 'POLICY_UNAVAILABLE' },
    });
  });
});
