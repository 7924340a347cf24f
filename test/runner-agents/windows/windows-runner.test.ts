import { WindowsRunner, WindowsRunnerError } from '../../../runner-agents/windows';
import type { WindowsRunnerOptions } from '../../../runner-agents/windows';
import { ReplayExecutor } from './replay-executor';

const PS = ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command'];
const SHARE = '\\\\files01\\hale-store';
const MSI = `${SHARE}\\msi\\contoso-billing\\2.4.1\\ContosoBilling-2.4.1-x64.msi`;
const THUMB = '3F1A2B9C0D4E5F60718293A4B5C6D7E8F9012345';
const SHADOW = '{8b3e6a2d-4c1f-4e7a-9d0b-2f6c5a1e9b47}';

function setup(fixtures: string[], extra: Partial<WindowsRunnerOptions> = {}) {
  const replay = new ReplayExecutor(fixtures.map((f) => `windows/${f}`));
  const verified: string[] = [];
  const runner = new WindowsRunner({
    executor: replay,
    sources: {
      chocolatey: `${SHARE}\\choco`,
      winget: 'hale-local',
      msi: `${SHARE}\\msi`,
      logDir: 'C:\\ProgramData\\Hale\\logs',
    },
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
    return err instanceof WindowsRunnerError || (err instanceof Error && 'code' in err)
      ? String((err as { code: unknown }).code)
      : String(err);
  }
  return undefined;
}

let replay: ReplayExecutor | undefined;
afterEach(() => {
  expect(replay?.unplanned ?? []).toEqual([]);
  replay = undefined;
});

describe('WindowsRunner.restart', () => {
  it('plans Restart-Service + Get-Service and reads a running service', async () => {
    const s = setup(['service-restart-ok']);
    replay = s.replay;
    const result = await s.runner.restart({ name: 'ContosoBilling' });
    expect(s.replay.argvs()).toEqual([
      [
        ...PS,
        "Restart-Service -Name 'ContosoBilling' -ErrorAction Stop; Get-Service -Name 'ContosoBilling' | " +
          'Select-Object Name, DisplayName, Status, StartType | ConvertTo-Json',
      ],
    ]);
    expect(result).toEqual({
      service: 'ContosoBilling',
      healthy: true,
      detail: {
        kind: 'windows-service',
        name: 'ContosoBilling',
        displayName: 'Contoso Billing API',
        status: 'Running',
        startType: 'Automatic',
      },
    });
  });

  it('maps a service that fails to start and a missing service to their codes', async () => {
    const failed = setup(['service-restart-start-failed']);
    replay = failed.replay;
    expect(await codeOf(failed.runner.restart({ name: 'ContosoBilling' }))).toBe('SERVICE_START_FAILED');
    const missing = setup(['service-restart-not-found']);
    expect(await codeOf(missing.runner.restart({ name: 'ContosoBillingX' }))).toBe('SERVICE_NOT_FOUND');
    expect(missing.replay.unplanned).toEqual([]);
  });

  it('recycles an IIS application pool named apppool:<name>', async () => {
    const s = setup(['apppool-recycle-ok']);
    replay = s.replay;
    const result = await s.runner.restart({ name: 'apppool:BillingPool' });
    expect(s.replay.argvs()[0]?.[4]).toBe(
      "Import-Module WebAdministration; Restart-WebAppPool -Name 'BillingPool' -ErrorAction Stop; " +
        "Get-WebAppPoolState -Name 'BillingPool' | Select-Object Value | ConvertTo-Json",
    );
    expect(result.healthy).toBe(true);
    expect(result.detail).toEqual({ kind: 'iis-app-pool', name: 'BillingPool', state: 'Started' });
  });

  it('refuses a hostile service name before running anything', async () => {
    const s = setup([]);
    replay = s.replay;
    expect(await codeOf(s.runner.restart({ name: "x'; Remove-Item C:\\ -Recurse; '" }))).toBe('NAME_INVALID');
    expect(s.replay.calls).toEqual([]);
  });
});

describe('WindowsRunner.applyPatch', () => {
  it('MSI: verify in store, Authenticode, VSS snapshot, msiexec, restart', async () => {
    const s = setup(
      ['authenticode-valid', 'vssadmin-create-shadow', 'msi-install-ok', 'service-restart-ok'],
      {
        trustedSigners: [THUMB.toLowerCase()],
      },
    );
    replay = s.replay;
    const artifact = 'local://msi/contoso-billing/2.4.1/ContosoBilling-2.4.1-x64.msi';
    const result = await s.runner.applyPatch({ service: 'ContosoBilling', artifact });
    expect(s.verified).toEqual([artifact]);
    expect(s.replay.argvs().map((a) => a[0])).toEqual([
      'powershell.exe',
      'vssadmin',
      'msiexec.exe',
      'powershell.exe',
    ]);
    expect(s.replay.argvs()[1]).toEqual(['vssadmin', 'create', 'shadow', '/for=C:']);
    expect(s.replay.argvs()[2]).toEqual([
      'msiexec.exe',
      '/i',
      MSI,
      '/qn',
      '/norestart',
      '/l*v',
      'C:\\ProgramData\\Hale\\logs\\contoso-billing-2.4.1.msi.log',
    ]);
    expect(result.status).toBe('applied');
    expect(result.snapshot).toBe(SHADOW);
    expect(result.detail.shadowDevice).toBe('\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy7');
  });

  it('refuses an MSI whose Authenticode status is NotSigned, before any snapshot or install', async () => {
    const s = setup(['authenticode-notsigned']);
    replay = s.replay;
    const artifact = 'local://msi/contoso-billing/2.4.1/ContosoBilling-2.4.1-x64.msi';
    expect(await codeOf(s.runner.applyPatch({ service: 'ContosoBilling', artifact }))).toBe(
      'SIGNATURE_NOT_VALID',
    );
    expect(s.replay.calls).toHaveLength(1);
  });

  it('refuses a Valid signature from a signer outside the trusted list', async () => {
    const s = setup(['authenticode-valid'], { trustedSigners: ['0'.repeat(40)] });
    replay = s.replay;
    const artifact = 'local://msi/contoso-billing/2.4.1/ContosoBilling-2.4.1-x64.msi';
    expect(await codeOf(s.runner.applyPatch({ service: 'ContosoBilling', artifact }))).toBe(
      'SIGNER_NOT_TRUSTED',
    );
  });

  it('Chocolatey: local source only; a failed restart keeps the snapshot and reports failed', async () => {
    const s = setup(['vssadmin-create-shadow', 'choco-install-ok', 'service-restart-start-failed']);
    replay = s.replay;
    const result = await s.runner.applyPatch({
      service: 'ContosoBilling',
      artifact: 'local://chocolatey/contoso-billing/2.4.1/contoso-billing.2.4.1.nupkg',
    });
    expect(s.replay.argvs()[1]).toEqual([
      'choco',
      'install',
      'contoso-billing',
      '--version',
      '2.4.1',
      '--source',
      `${SHARE}\\choco`,
      '--no-progress',
      '-y',
    ]);
    expect(result).toMatchObject({
      status: 'failed',
      snapshot: SHADOW,
      detail: { restartError: 'SERVICE_START_FAILED' },
    });
    expect(result.detail.install).toMatchObject({
      installer: 'chocolatey',
      summary: 'Chocolatey installed 1/1 packages.',
    });
  });

  it('Chocolatey "installed 0/1 packages" is COMMAND_FAILED', async () => {
    const s = setup(['vssadmin-create-shadow', 'choco-install-not-found']);
    replay = s.replay;
    const artifact = 'local://chocolatey/contoso-billing/2.4.1/contoso-billing.2.4.1.nupkg';
    expect(await codeOf(s.runner.applyPatch({ service: 'ContosoBilling', artifact }))).toBe('COMMAND_FAILED');
  });

  it('winget: exact id, local source, no prompts', async () => {
    const s = setup(['vssadmin-create-shadow', 'winget-install-ok', 'service-restart-ok']);
    replay = s.replay;
    const result = await s.runner.applyPatch({
      service: 'ContosoBilling',
      artifact: 'local://winget/Contoso.Billing/2.4.1/ContosoBilling-2.4.1.msix',
    });
    expect(s.replay.argvs()[1]).toEqual([
      'winget',
      'install',
      '--id',
      'Contoso.Billing',
      '--exact',
      '--version',
      '2.4.1',
      '--source',
      'hale-local',
      '--accept-package-agreements',
      '--disable-interactivity',
    ]);
    expect(result.status).toBe('applied');
  });

  it('defers diffs and refuses other artifact kinds', async () => {
    const s = setup([]);
    replay = s.replay;
    expect((await s.runner.applyPatch({ service: 'ContosoBilling', diff: '--- a\n+++ b\n' })).status).toBe(
      'deferred',
    );
    expect(
      await codeOf(s.runner.applyPatch({ service: 'ContosoBilling', artifact: 'local://deb/x/1.0/x.deb' })),
    ).toBe('ARTIFACT_UNSUPPORTED');
    expect(
      await codeOf(s.runner.applyPatch({ service: 'ContosoBilling', artifact: 'local://msi/../x/y' })),
    ).toBe('ARTIFACT_REF_INVALID');
    expect(s.replay.calls).toEqual([]);
  });
});

describe('WindowsRunner.rollback', () => {
  it('finds the VSS snapshot and defers the file restore to an operator', async () => {
    const s = setup(['shadow-find']);
    replay = s.replay;
    const result = await s.runner.rollback({ name: 'ContosoBilling' }, { snapshot: SHADOW });
    expect(result.status).toBe('deferred');
    expect(result.snapshot).toBe('{8B3E6A2D-4C1F-4E7A-9D0B-2F6C5A1E9B47}');
  });

  it('an unknown snapshot is SNAPSHOT_NOT_FOUND; a malformed id is refused', async () => {
    const s = setup(['shadow-find-none']);
    replay = s.replay;
    const none = '{00000000-0000-0000-0000-000000000000}';
    expect(await codeOf(s.runner.rollback({ name: 'ContosoBilling' }, { snapshot: none }))).toBe(
      'SNAPSHOT_NOT_FOUND',
    );
    expect(await codeOf(s.runner.rollback({ name: 'ContosoBilling' }, { snapshot: "{x}' ; calc" }))).toBe(
      'NAME_INVALID',
    );
  });
});

describe('WindowsRunner host figures', () => {
  it('metrics from Get-Counter samples', async () => {
    const s = setup(['get-counter']);
    replay = s.replay;
    const m = await s.runner.metrics();
    expect(m.cpu_load).toBeCloseTo(0.3752, 4);
    expect(m.mem_used).toBeCloseTo(0.6125, 4);
    expect(m.disk_used).toBeCloseTo(0.575, 4);
    expect(m.disk_io).toBeCloseTo(5312839.44, 2);
  });

  it('inventory from Win32_OperatingSystem and Win32_LogicalDisk (one disk serialises as an object)', async () => {
    const s = setup(['os-info', 'disks']);
    replay = s.replay;
    expect(await s.runner.inventory()).toEqual({
      os: 'windows',
      osVersion: 'Microsoft Windows Server 2022 Standard (build 20348)',
      kernel: '10.0.20348',
      hostname: 'WEB01',
      disk: [{ path: 'C:\\', totalBytes: 136326492160, freeBytes: 57938259968 }],
      services: [],
    });
  });

  it('cacheInfo measures the Chocolatey and MSI folders (Sum null when empty)', async () => {
    const s = setup(['cache-choco', 'cache-msi']);
    replay = s.replay;
    expect(await s.runner.cacheInfo()).toEqual({
      caches: [
        { kind: 'chocolatey', path: `${SHARE}\\choco`, entries: 14, bytes: 48213377 },
        { kind: 'msi', path: `${SHARE}\\msi`, entries: 0, bytes: 0 },
      ],
    });
  });

  it('sandbox refuses without an AppContainer launcher and plans it exactly with one', async () => {
    const none = setup([]);
    replay = none.replay;
    const policy = { writable: ['C:\\ProgramData\\Hale\\staging\\job-42'], env: { PIP_NO_INDEX: '1' } };
    expect(await codeOf(none.runner.sandbox(['python.exe', '--version'], policy))).toBe(
      'SANDBOX_UNAVAILABLE',
    );
    const s = setup(['sandbox-run'], {
      appContainerLauncher: 'C:\\Program Files\\Hale\\hale-appcontainer.exe',
    });
    const result = await s.runner.sandbox(['python.exe', '--version'], policy);
    expect(s.replay.unplanned).toEqual([]);
    expect(result.spec.tool).toBe('windows-appcontainer');
    expect(result.spec.network).toBe('none');
    expect(result.spec.argv.slice(0, 4)).toEqual([
      'C:\\Program Files\\Hale\\hale-appcontainer.exe',
      '--container',
      'hale-sandbox',
      '--no-capabilities',
    ]);
    expect(result.stdout).toBe('Python 3.11.9\r\n');
  });

  it('unparsable JSON is OUTPUT_UNPARSABLE', async () => {
    const runner = new WindowsRunner({
      executor: { run: async () => ({ exitCode: 0, stdout: 'WARNING: not json', stderr: '' }) },
      sources: { chocolatey: 'C:\\c', winget: 'w', msi: 'C:\\m', logDir: 'C:\\l' },
      verifyArtifact: async () => undefined,
    });
    expect(await codeOf(runner.metrics())).toBe('OUTPUT_UNPARSABLE');
  });
});
