import {
  MacRunner,
  MacRunnerError,
  checkLabel,
  parsePrint,
  printPlan,
  sandboxProfile,
} from '../../../runner-agents/macos';
import type { MacRunnerOptions } from '../../../runner-agents/macos';
import { ReplayExecutor, loadFixture } from '../windows/replay-executor';

const LABEL = 'com.contoso.billing';
const PKG = '/Library/Caches/Hale/pkgs/ContosoBilling-2.4.1.pkg';
const PKG_REF = 'local://pkg/ContosoBilling/2.4.1/ContosoBilling-2.4.1.pkg';
const BOTTLE_REF =
  'local://homebrew-bottle/contoso-billing/2.4.1/contoso-billing--2.4.1.arm64_sonoma.bottle.tar.gz';
const FINGERPRINT = '5A1C9E047B3D22F1860A4C7E91B23FD8660E15AA4BC9712D08F35E6BA09417C2';
const SNAPSHOT = 'com.apple.TimeMachine.2024-06-14-080233.local';

function setup(fixtures: string[], extra: Partial<MacRunnerOptions> = {}) {
  const replay = new ReplayExecutor(fixtures.map((f) => `macos/${f}`));
  const verified: string[] = [];
  const runner = new MacRunner({
    executor: replay,
    bottleCache: '/Library/Caches/Hale/bottles',
    pkgCache: '/Library/Caches/Hale/pkgs',
    verifyArtifact: async (ref) => {
      verified.push(ref);
    },
    ...extra,
  });
  return { replay, runner, verified };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : String(err);
  }
  return undefined;
}

let replay: ReplayExecutor | undefined;
afterEach(() => {
  expect(replay?.unplanned ?? []).toEqual([]);
  replay = undefined;
});

describe('MacRunner.restart', () => {
  it('kickstarts and reads state, pid and last exit code from launchctl print', async () => {
    const s = setup(['launchctl-kickstart-ok', 'launchctl-print-running']);
    replay = s.replay;
    const result = await s.runner.restart({ name: LABEL });
    expect(s.replay.argvs()).toEqual([
      ['launchctl', 'kickstart', '-k', `system/${LABEL}`],
      ['launchctl', 'print', `system/${LABEL}`],
    ]);
    expect(result).toEqual({
      service: LABEL,
      healthy: true,
      detail: {
        kind: 'launchd',
        state: 'running',
        pid: 48213,
        lastExitCode: undefined,
        lastExitReason: undefined,
        program: '/opt/contoso/billing/bin/billing-api',
        runs: 2,
      },
    });
  });

  it('a service that keeps exiting is unhealthy with its exit code', async () => {
    const s = setup(['launchctl-kickstart-ok', 'launchctl-print-crashed']);
    replay = s.replay;
    const result = await s.runner.restart({ name: LABEL });
    expect(result.healthy).toBe(false);
    expect(result.detail).toMatchObject({
      state: 'spawn scheduled',
      lastExitCode: 78,
      lastExitReason: 'EX_CONFIG',
    });
    expect(result.detail.pid).toBeUndefined();
  });

  it('"Could not find service" is SERVICE_NOT_FOUND; labels naming another domain are refused', async () => {
    const s = setup(['launchctl-kickstart-not-found']);
    replay = s.replay;
    expect(await codeOf(s.runner.restart({ name: 'com.contoso.missing' }))).toBe('SERVICE_NOT_FOUND');
    const printed = loadFixture('macos/launchctl-print-not-found');
    expect(printed.argv).toEqual(['launchctl', ...printPlan('com.contoso.missing').args]);
    expect(
      await codeOf(Promise.resolve().then(() => parsePrint('com.contoso.missing', printed.output))),
    ).toBe('SERVICE_NOT_FOUND');
    for (const bad of ['../gui/501/x', 'x y', "x'; rm -rf /; '", 'a\nb', ''])
      expect(() => checkLabel(bad)).toThrow(MacRunnerError);
  });
});

describe('MacRunner.applyPatch', () => {
  it('bottle: store check, APFS snapshot, brew with no update/API/analytics, kickstart', async () => {
    const s = setup([
      'tmutil-localsnapshot',
      'brew-install-bottle',
      'launchctl-kickstart-ok',
      'launchctl-print-running',
    ]);
    replay = s.replay;
    const result = await s.runner.applyPatch({ service: LABEL, artifact: BOTTLE_REF });
    expect(s.verified).toEqual([BOTTLE_REF]);
    expect(s.replay.argvs().slice(0, 2)).toEqual([
      ['tmutil', 'localsnapshot'],
      [
        '/usr/bin/env',
        'HOMEBREW_NO_AUTO_UPDATE=1',
        'HOMEBREW_NO_INSTALL_FROM_API=1',
        'HOMEBREW_NO_ANALYTICS=1',
        'brew',
        'install',
        '--force-bottle',
        '/Library/Caches/Hale/bottles/contoso-billing--2.4.1.arm64_sonoma.bottle.tar.gz',
      ],
    ]);
    expect(result).toMatchObject({
      status: 'applied',
      snapshot: SNAPSHOT,
      detail: { install: { installer: 'homebrew', keg: '/opt/homebrew/Cellar/contoso-billing/2.4.1' } },
    });
  });

  it('pkg: pkgutil signature (trusted leaf), snapshot, installer -target /', async () => {
    const s = setup(
      [
        'pkgutil-signed',
        'tmutil-localsnapshot',
        'installer-pkg-ok',
        'launchctl-kickstart-ok',
        'launchctl-print-running',
      ],
      { trustedPackageSigners: [FINGERPRINT] },
    );
    replay = s.replay;
    const result = await s.runner.applyPatch({ service: LABEL, artifact: PKG_REF });
    expect(s.replay.argvs().slice(0, 3)).toEqual([
      ['pkgutil', '--check-signature', PKG],
      ['tmutil', 'localsnapshot'],
      ['installer', '-pkg', PKG, '-target', '/'],
    ]);
    expect(result.status).toBe('applied');
  });

  it('refuses an unsigned pkg and an untrusted signer before anything changes', async () => {
    const s = setup(['pkgutil-unsigned']);
    replay = s.replay;
    expect(await codeOf(s.runner.applyPatch({ service: LABEL, artifact: PKG_REF }))).toBe('CODE_NOT_SIGNED');
    const t = setup(['pkgutil-signed'], { trustedPackageSigners: ['00'.repeat(32)] });
    expect(await codeOf(t.runner.applyPatch({ service: LABEL, artifact: PKG_REF }))).toBe(
      'SIGNER_NOT_TRUSTED',
    );
    expect(t.replay.calls).toHaveLength(1);
  });

  it('reads the leaf certificate of pkgutil --check-signature', async () => {
    const s = setup(['pkgutil-signed']);
    replay = s.replay;
    expect(await s.runner.verifyPackage(PKG)).toEqual({
      status: 'signed by a developer certificate issued by Apple for distribution',
      notarization: 'trusted by the Apple notary service',
      signer: 'Developer ID Installer: Contoso Ltd (7QX2K9LM4P)',
      fingerprint: FINGERPRINT,
    });
  });

  it('refuses bottles whose file does not belong to the named version', async () => {
    const s = setup([]);
    replay = s.replay;
    const ref = 'local://homebrew-bottle/contoso-billing/2.4.1/other--9.9.arm64_sonoma.bottle.tar.gz';
    expect(await codeOf(s.runner.applyPatch({ service: LABEL, artifact: ref }))).toBe('ARTIFACT_UNSUPPORTED');
    expect(s.verified).toEqual([]);
  });
});

describe('MacRunner codesign and snapshots', () => {
  const BIN = '/opt/contoso/billing/bin/billing-api';
  it('codesign: valid on disk + designated requirement; "not signed at all" is CODE_NOT_SIGNED', async () => {
    const ok = setup(['codesign-valid']);
    replay = ok.replay;
    expect(await ok.runner.verifyCode(BIN)).toEqual({ path: BIN, valid: true });
    expect(ok.replay.argvs()).toEqual([['codesign', '--verify', '--deep', '--strict', '--verbose=2', BIN]]);
    const bad = setup(['codesign-unsigned']);
    expect(await codeOf(bad.runner.verifyCode(BIN))).toBe('CODE_NOT_SIGNED');
  });

  it('rollback to a listed snapshot is deferred; an unlisted one is SNAPSHOT_NOT_FOUND', async () => {
    const s = setup(['tmutil-listlocalsnapshots']);
    replay = s.replay;
    const result = await s.runner.rollback({ name: LABEL }, { snapshot: SNAPSHOT });
    expect(result).toMatchObject({ status: 'deferred', snapshot: SNAPSHOT });
    const gone = 'com.apple.TimeMachine.2023-01-01-000000.local';
    expect(await codeOf(s.runner.rollback({ name: LABEL }, { snapshot: gone }))).toBe('SNAPSHOT_NOT_FOUND');
    expect(await codeOf(s.runner.rollback({ name: LABEL }, { snapshot: '/; rm' }))).toBe('NAME_INVALID');
  });
});

describe('MacRunner host figures', () => {
  it('metrics from sysctl vm.loadavg, vm_stat and memory_pressure', async () => {
    const s = setup(['sysctl-loadavg', 'vm_stat', 'memory_pressure']);
    replay = s.replay;
    const m = await s.runner.metrics();
    expect(m.cpu_load).toBeCloseTo(2.41 / 8, 6);
    expect(m.mem_pressure).toBe(42);
    expect(m.mem_used).toBeCloseTo(((318245 + 131072 + 163840) * 16384) / 17179869184, 6);
  });

  it('inventory from sw_vers, uname -r, hostname and df -k /', async () => {
    const s = setup(['sw_vers', 'uname-r', 'hostname', 'df-root']);
    replay = s.replay;
    expect(await s.runner.inventory()).toEqual({
      os: 'macos',
      osVersion: 'macOS 14.5 (23F79)',
      kernel: '23.5.0',
      hostname: 'build-mac-03.corp.contoso.com',
      disk: [{ path: '/', totalBytes: 482797652 * 1024, freeBytes: 303471028 * 1024 }],
      services: [],
    });
  });

  it('cacheInfo counts and sizes the bottles', async () => {
    const s = setup(['find-bottle-cache']);
    replay = s.replay;
    expect(await s.runner.cacheInfo()).toEqual({
      caches: [
        { kind: 'homebrew-bottle', path: '/Library/Caches/Hale/bottles', entries: 3, bytes: 26214400 },
      ],
    });
  });

  it('sandbox: clean env, cwd without interpolation, deny-network profile confining writes', async () => {
    const s = setup(['sandbox-exec-run']);
    replay = s.replay;
    const policy = {
      writable: ['/tmp/hale/staging/job-42'],
      hidden: ['/Library/Application Support/Hale/keys'],
      env: { PIP_NO_INDEX: '1' },
    };
    const result = await s.runner.sandbox(['/usr/bin/python3', '--version'], policy);
    expect(result.spec.tool).toBe('sandbox-exec');
    expect(result.spec.network).toBe('none');
    expect(sandboxProfile(policy)).toBe(
      [
        '(version 1)',
        '(allow default)',
        '(deny network*)',
        '(deny file-write*)',
        '(allow file-write* (subpath "/private/tmp/hale/staging/job-42") (literal "/dev/null"))',
        '(deny file-read* file-write* (subpath "/Library/Application Support/Hale/keys"))',
      ].join('\n'),
    );
    expect(result.stdout).toBe('Python 3.9.6\n');
  });

  it('sandbox refuses paths that could break out of the profile string', async () => {
    const s = setup([]);
    replay = s.replay;
    expect(await codeOf(s.runner.sandbox(['true'], { writable: ['/tmp/x") (allow network*'] }))).toBe(
      'PATH_INVALID',
    );
    expect(await codeOf(s.runner.sandbox(['true'], { writable: ['relative/dir'] }))).toBe('PATH_INVALID');
  });
});
