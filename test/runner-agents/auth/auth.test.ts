import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSigner } from '../../../lib/ledger';
import {
  authorize,
  loadRbacPolicy,
  ReplayGuard,
  RunnerAuthError,
  signAction,
  verifyAction,
  type RbacPolicy,
} from '../../../runner-agents/auth';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return err instanceof RunnerAuthError ? err.code : `other: ${String(err)}`;
  }
};

describe('signed runner actions', () => {
  const control = generateSigner('hale-control');
  const keys = [{ keyId: control.keyId, publicKey: control.publicKey }];
  const now = new Date('2026-11-23T10:00:00.000Z');
  let dir: string;
  let replay: ReplayGuard;
  let n = 0;
  const fields = () => ({
    id: `act-${(n += 1)}-abcdefgh`,
    kind: 'restart' as const,
    host: 'web-1',
    service: 'demo-api',
  });
  const opts = () => ({ hostId: 'web-1', keys, replay, now });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-auth-'));
    replay = new ReplayGuard(path.join(dir, 'seen-actions.jsonl'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts a fresh action signed by a trusted control key, once', () => {
    const signed = signAction(fields(), control, { now });
    expect(verifyAction(signed, opts())).toMatchObject({ kind: 'restart', service: 'demo-api' });
    expect(codeOf(() => verifyAction(signed, opts()))).toBe('ACTION_REPLAYED');
    // the memory survives a restart of the runner
    const restarted = new ReplayGuard(path.join(dir, 'seen-actions.jsonl'));
    expect(codeOf(() => verifyAction(signed, { ...opts(), replay: restarted }))).toBe('ACTION_REPLAYED');
  });

  it('refuses tampering, unknown or retired keys, other hosts and bad time windows', () => {
    const signed = signAction(fields(), control, { now });
    const tampered = structuredClone(signed);
    tampered.action.service = 'payments-db';
    expect(codeOf(() => verifyAction(tampered, opts()))).toBe('ACTION_SIGNATURE_INVALID');
    const stranger = generateSigner('hale-control');
    expect(codeOf(() => verifyAction(signAction(fields(), stranger, { now }), opts()))).toBe(
      'ACTION_KEY_UNKNOWN',
    );
    const retired = [{ ...keys[0]!, notAfter: '2026-11-23T09:00:00.000Z' }];
    expect(
      codeOf(() => verifyAction(signAction(fields(), control, { now }), { ...opts(), keys: retired })),
    ).toBe('ACTION_KEY_UNKNOWN');
    expect(
      codeOf(() => verifyAction(signAction({ ...fields(), host: 'web-2' }, control, { now }), opts())),
    ).toBe('ACTION_WRONG_HOST');
    const old = signAction(fields(), control, { now: new Date(now.getTime() - 10 * 60 * 1000) });
    expect(codeOf(() => verifyAction(old, opts()))).toBe('ACTION_EXPIRED');
    const future = signAction(fields(), control, { now: new Date(now.getTime() + 10 * 60 * 1000) });
    expect(codeOf(() => verifyAction(future, opts()))).toBe('ACTION_NOT_YET_VALID');
    const long = signAction(fields(), control, { now, ttlMs: 24 * 3600 * 1000 });
    expect(codeOf(() => verifyAction(long, opts()))).toBe('ACTION_LIFETIME_TOO_LONG');
    expect(codeOf(() => verifyAction({ action: { id: 'x' }, signature: {} }, opts()))).toBe(
      'ACTION_MALFORMED',
    );
    // none of the refused ones used up an id
    expect(codeOf(() => verifyAction(signAction(fields(), control, { now }), opts()))).toBe('ok');
  });

  it('tolerates a torn last line in the replay file after a crash', () => {
    const file = path.join(dir, 'seen-actions.jsonl');
    const signed = signAction(fields(), control, { now });
    verifyAction(signed, opts());
    fs.appendFileSync(file, '{"id":"act-torn');
    const restarted = new ReplayGuard(file);
    expect(codeOf(() => verifyAction(signed, { ...opts(), replay: restarted }))).toBe('ACTION_REPLAYED');
  });
});

describe('runner RBAC', () => {
  const policy: RbacPolicy = {
    version: 1,
    allow: [
      { permission: 'restart', services: ['demo-api', 'payments-*'] },
      { permission: 'apply_patch', services: ['demo-api'] },
      { permission: 'install_package', repos: ['local://python-wheel/'] },
      { permission: 'write_path', paths: ['/etc/sysctl.d/'] },
      { permission: 'metrics' },
    ],
  };
  const action = (extra: Record<string, unknown>) =>
    ({ id: 'act-00000001', host: 'h', issued_at: '', expires_at: '', ...extra }) as Parameters<
      typeof authorize
    >[0];

  it.each([
    [{ kind: 'restart', service: 'demo-api' }, 'ok'],
    [{ kind: 'restart', service: 'payments-db' }, 'ok'],
    [{ kind: 'restart', service: 'payroll' }, 'RBAC_DENIED'],
    [{ kind: 'restart' }, 'RBAC_DENIED'],
    [{ kind: 'apply_patch', service: 'demo-api', artifact: 'local://python-wheel/x/1/x.whl' }, 'ok'],
    [{ kind: 'apply_patch', service: 'demo-api', artifact: 'local://deb/x/1/x.deb' }, 'RBAC_DENIED'],
    [{ kind: 'rollback', service: 'demo-api' }, 'RBAC_DENIED'],
    [{ kind: 'sysctl', paths: ['/etc/sysctl.d/90-hale.conf'] }, 'ok'],
    [{ kind: 'sysctl', paths: ['/etc/sysctl.d/../passwd'] }, 'RBAC_DENIED'],
    [{ kind: 'sysctl', paths: ['/etc/sysctl.d/'] }, 'RBAC_DENIED'],
    [{ kind: 'sysctl', paths: ['/etc/sysctl.conf'] }, 'RBAC_DENIED'],
    [{ kind: 'sysctl' }, 'RBAC_DENIED'],
    [{ kind: 'os_package', artifact: 'local://python-wheel/a/1/a.whl' }, 'ok'],
    [{ kind: 'metrics' }, 'ok'],
    [{ kind: 'sandbox' }, 'RBAC_DENIED'],
    // a lockfile's packages come from one repo: installing them needs install_package from it
    [{ kind: 'apply_patch', service: 'demo-api', lockfile: { format: 'requirements', content: 'x' } }, 'ok'],
    [
      { kind: 'apply_patch', service: 'demo-api', lockfile: { format: 'package-lock', content: '{}' } },
      'RBAC_DENIED',
    ],
    [
      { kind: 'os_package', artifacts: ['local://python-wheel/a/1/a.whl', 'local://deb/b/1/b.deb'] },
      'RBAC_DENIED',
    ],
    // blue/green: forward steps need apply_patch, going back needs rollback, status only metrics
    [{ kind: 'deploy', deploy: 'stage', service: 'demo-api' }, 'ok'],
    [{ kind: 'deploy', deploy: 'promote', service: 'payments-db' }, 'RBAC_DENIED'],
    [{ kind: 'deploy', deploy: 'rollback', service: 'demo-api' }, 'RBAC_DENIED'],
    [{ kind: 'deploy', deploy: 'status', service: 'payroll' }, 'ok'],
    // verify starts processes (sandboxed tests, green's restart): apply_patch on the service, not metrics
    [{ kind: 'deploy', deploy: 'verify', service: 'demo-api', verify: { requests: 50 } }, 'ok'],
    [{ kind: 'deploy', deploy: 'verify', service: 'payments-db' }, 'RBAC_DENIED'],
    [{ kind: 'deploy', deploy: 'verify' }, 'RBAC_DENIED'],
  ])('%j → %s', (extra, expected) => {
    expect(codeOf(() => authorize(action(extra), policy))).toBe(expected);
  });

  it('loads a policy file and names the bad field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-rbac-'));
    try {
      const good = path.join(dir, 'rbac.json');
      fs.writeFileSync(good, JSON.stringify(policy));
      expect(loadRbacPolicy(good).allow).toHaveLength(5);
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ version: 1, allow: [{ permission: 'reboot' }] }));
      expect(codeOf(() => loadRbacPolicy(bad))).toBe('RBAC_POLICY_INVALID');
      expect(() => loadRbacPolicy(bad)).toThrow('/allow/0/permission');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
