import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { keysDir, loadOrCreateSigner } from '../../lib/ledger';
import { OBSERVE_ONLY, siteRunnerActions, trustedControlKeys } from '../../runner-agents/linux/site-runner';

describe('the runner of this host from hale.yaml', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-site-runner-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = (yaml: string) => {
    fs.writeFileSync(path.join(dir, 'hale.yaml'), yaml);
    return loadConfig({ path: path.join(dir, 'hale.yaml'), env: {} });
  };

  it('observes only without a policy, and trusts the local control key when none is configured', () => {
    const c = config('data_dir: ./data\n');
    expect(trustedControlKeys(c)).toEqual([]); // no control key yet: every action is refused
    const { signer } = loadOrCreateSigner(keysDir(c.dataDir), 'hale-control');
    const actions = siteRunnerActions(c);
    expect(actions.rbac).toEqual(OBSERVE_ONLY);
    expect(actions.keys).toEqual([{ keyId: signer.keyId, publicKey: signer.publicKey }]);
    expect(fs.existsSync(path.join(c.dataDir, 'runner', 'work'))).toBe(true);
  });

  it('loads the configured RBAC policy and control public keys, and refuses a key of another type', () => {
    const ed = generateKeyPairSync('ed25519');
    fs.writeFileSync(path.join(dir, 'control.pub'), ed.publicKey.export({ type: 'spki', format: 'pem' }));
    fs.writeFileSync(
      path.join(dir, 'rbac.json'),
      JSON.stringify({ version: 1, allow: [{ permission: 'restart', services: ['demo-api'] }] }),
    );
    const c = config('data_dir: ./data\nrunner:\n  rbac_policy: rbac.json\n  control_keys: [control.pub]\n');
    const actions = siteRunnerActions(c);
    expect(actions.rbac.allow).toEqual([{ permission: 'restart', services: ['demo-api'] }]);
    expect(actions.keys).toHaveLength(1);
    expect(actions.keys[0]?.publicKey).toBe(
      ed.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    fs.writeFileSync(path.join(dir, 'control.pub'), ec.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(() => trustedControlKeys(c)).toThrow(expect.objectContaining({ code: 'ACTION_KEY_UNKNOWN' }));
  });
});
