import {
  WindowsRunnerError,
  authenticodePlan,
  checkServiceName,
  chocoInstallPlan,
  psQuote,
  restartServicePlan,
} from '../../../runner-agents/windows';

const HOSTILE = "x'; Remove-Item C:\\ -Recurse; '";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof WindowsRunnerError ? err.code : `not a WindowsRunnerError: ${String(err)}`;
  }
  return undefined;
}

describe('PowerShell quoting', () => {
  it('doubles every single quote, ASCII and typographic, inside a verbatim string', () => {
    expect(psQuote("it's")).toBe("'it''s'");
    expect(psQuote('a\u2019b')).toBe("'a\u2019\u2019b'");
    expect(psQuote('$(Get-Date) `n')).toBe("'$(Get-Date) `n'");
  });

  it('keeps a hostile path one literal argument', () => {
    const plan = authenticodePlan(`C:\\drop\\${HOSTILE}.msi`);
    expect(plan.args[3]).toContain("-LiteralPath 'C:\\drop\\x''; Remove-Item C:\\ -Recurse; ''.msi' |");
  });

  it('refuses hostile service names, control characters and double quotes', () => {
    expect(codeOf(() => restartServicePlan(HOSTILE))).toBe('NAME_INVALID');
    expect(codeOf(() => checkServiceName('svc\nRemove-Item'))).toBe('NAME_INVALID');
    expect(codeOf(() => checkServiceName('svc"; calc; "'))).toBe('NAME_INVALID');
    expect(codeOf(() => checkServiceName(''))).toBe('NAME_INVALID');
  });

  it('quotes a slash-free hostile name so PowerShell sees one string', () => {
    const plan = restartServicePlan("x'; Stop-Computer; '");
    expect(plan.args[3]).toBe(
      "Restart-Service -Name 'x''; Stop-Computer; ''' -ErrorAction Stop; " +
        "Get-Service -Name 'x''; Stop-Computer; ''' | Select-Object Name, DisplayName, Status, StartType | ConvertTo-Json",
    );
  });

  it('refuses package ids and versions outside the safe set', () => {
    const sources = { chocolatey: 'C:\\pkgs', winget: 'hale-local', msi: 'C:\\msi', logDir: 'C:\\logs' };
    expect(codeOf(() => chocoInstallPlan('pkg --source https://evil', '1.0', sources))).toBe('NAME_INVALID');
    expect(codeOf(() => chocoInstallPlan('pkg', '1.0 -y', sources))).toBe('NAME_INVALID');
    expect(codeOf(() => chocoInstallPlan('pkg', '1.0', { ...sources, chocolatey: 'https://x' }))).toBe(
      'PATH_INVALID',
    );
  });
});
