import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { keysDir, loadOrCreateSigner } from '../../lib/ledger';
import type { LinuxServiceConfig } from '../../runner-agents/linux/linux-runner';
import { OBSERVE_ONLY, siteRunnerActions, trustedControlKeys } from '../../runner-agents/linux/site-runner';

describe('the runner of this host from hale.yaml', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-site-runner-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = (yaml: string, env: Record<string, string> = {}) => {
    fs.writeFileSync(path.join(dir, 'hale.yaml'), yaml);
    return loadConfig({ path: path.join(dir, 'hale.yaml'), env });
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

  it('maps configured services to Python environments and Node releases under their install paths', () => {
    const c = config(
      [
        'data_dir: ./data',
        'hosts: [{ id: h1, os: linux }]',
        'services:',
        '  - { name: api, host: h1, kind: python, install_path: ./api, start_command: ["{venv}/bin/python", "app.py"], audit: [demo_lib] }',
        '  - { name: web, host: h1, kind: node, install_path: ./web, start_command: "node {release}/server.js" }',
        '  - { name: old, host: h1, kind: python, install_path: ./old, start_command: "python3 app.py" }',
        '',
      ].join('\n'),
      { HALE_HOST_ID: 'h1' },
    );
    const { runner } = siteRunnerActions(c);
    const services = (runner as unknown as { opts: { services: LinuxServiceConfig[] } }).opts.services;
    const [api, web, old] = services;
    expect(api).toMatchObject({
      python: { envRoot: path.join(dir, 'api'), audit: ['demo_lib'] },
      process: { venvRoot: path.join(dir, 'api') },
    });
    expect(web).toMatchObject({
      node: { appRoot: path.join(dir, 'web'), audit: [] },
      process: { releaseRoot: path.join(dir, 'web'), command: ['/bin/sh', '-c', 'node {release}/server.js'] },
    });
    // no {venv} in the command: the service starts as configured, without an environment of Hale's
    expect(old?.process.venvRoot).toBeUndefined();
  });

  it('maps blue_green to the deployment behind the router socket in <data_dir>/runner/routers', () => {
    const c = config(
      [
        'data_dir: ./data',
        'hosts: [{ id: h1, os: linux }]',
        'services:',
        '  - name: api',
        '    host: h1',
        '    kind: python',
        '    install_path: ./api',
        '    start_command: ["{venv}/bin/python", "app.py"]',
        '    blue_green:',
        '      port: 8090',
        '      slots: [18081, 18082]',
        '      health_path: /ready',
        '      shadow: { sample: 0.5, methods: [GET], paths: ["POST /search"], ignore_fields: [ts], window_ms: 100 }',
        '  - { name: web, host: h1, kind: node, install_path: ./web, start_command: "node server.js" }',
        '',
      ].join('\n'),
      { HALE_HOST_ID: 'h1' },
    );
    const { runner } = siteRunnerActions(c);
    const [api, web] = (runner as unknown as { opts: { services: LinuxServiceConfig[] } }).opts.services;
    expect(api?.blueGreen).toEqual({
      routerSocket: path.join(dir, 'data', 'runner', 'routers', 'api.sock'),
      slots: { a: 18081, b: 18082 },
      healthPath: '/ready',
      shadow: { sample: 0.5, methods: ['GET'], paths: ['POST /search'], ignore_fields: ['ts'] },
    });
    expect(web?.blueGreen).toBeUndefined();
  });
});
