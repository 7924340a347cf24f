import { resolveBandit } from '../../../../infra/tools';
import { createSecurityVoter, parseBanditJson, runBandit } from '../../../../lib/l1';
import { change, fixtureFile, never } from '../helpers';

describe('bandit (real run, offline)', () => {
  let bandit: string;
  beforeAll(async () => {
    // Installed by `hale tools` (make test runs it); a missing bandit fails here: run `hale tools`.
    bandit = (await resolveBandit({ build: false })).path;
  });

  const risky = [fixtureFile('python/risky/app/jobs.py', 'app/jobs.py')];

  it('reports B602 (shell=True, HIGH) and B506 (yaml.load, MEDIUM) with file and line', async () => {
    const started = Date.now();
    const report = await runBandit(bandit, risky);
    const ms = Date.now() - started;
    const found = report.findings.map((f) => [f.test_id, f.severity, f.confidence, f.file, f.line]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['B602', 'HIGH', 'HIGH', 'app/jobs.py', 9],
        ['B506', 'MEDIUM', 'HIGH', 'app/jobs.py', 14],
      ]),
    );
    expect(report.errors).toEqual([]);
    console.log(`bandit on the risky fixture: ${ms} ms (bandit process ${report.ms} ms)`);
  });

  it('the security voter vetoes on HIGH severity + HIGH confidence, naming the test and evidence', async () => {
    const voter = createSecurityVoter({ bandit });
    const vote = await voter.vote(change({ files: risky }), never);
    expect(vote.verdict).toBe('veto');
    expect(vote.reasons[0]).toMatch(
      /^bandit B602 subprocess_popen_with_shell_equals_true \(severity HIGH, confidence HIGH, CWE-78\) at app\/jobs\.py:9/,
    );
    expect(vote.reasons.some((r) => r.startsWith('bandit B506 yaml_load'))).toBe(true);
    expect(vote.evidence_refs).toEqual(
      expect.arrayContaining(['bandit://B602/app/jobs.py#L9', 'bandit://B506/app/jobs.py#L14']),
    );
  });

  it('MEDIUM severity alone is a reject, not a veto', async () => {
    const yamlOnly = {
      path: 'app/load.py',
      content: 'import yaml\n\n\ndef load(t):\n    return yaml.load(t)\n',
    };
    const vote = await createSecurityVoter({ bandit }).vote(change({ files: [yamlOnly] }), never);
    expect(vote.verdict).toBe('reject');
  });

  it('a `# nosec` in the change does not hide a finding', async () => {
    const report = await runBandit(bandit, [
      fixtureFile('python/risky/app/suppressed.py', 'app/suppressed.py'),
    ]);
    expect(report.findings.map((f) => f.test_id)).toContain('B602');
  });

  it('accepts clean code and ignores deleted or non-Python files', async () => {
    const files = [
      fixtureFile('python/clean/app/health.py', 'app/health.py'),
      { path: 'gone.py', content: null },
      { path: 'README.md', content: 'x' },
    ];
    const report = await runBandit(bandit, files);
    expect(report).toMatchObject({ findings: [], errors: [], files: 1 });
    const vote = await createSecurityVoter({ bandit }).vote(change({ files }), never);
    expect(vote.verdict).toBe('accept');
    expect(vote.reasons).toEqual(['bandit: 1 Python file(s), 0 finding(s)']);
  });

  it('a file bandit cannot parse is a reject', async () => {
    const vote = await createSecurityVoter({ bandit }).vote(
      change({ files: [{ path: 'bad.py', content: 'def broken(:\n' }] }),
      never,
    );
    expect(vote.verdict).toBe('reject');
    expect(vote.reasons[0]).toMatch(/^bandit could not scan bad\.py/);
  });

  it('a missing bandit is a reject by default, an abstention when configured', async () => {
    const files = risky;
    const missing = createSecurityVoter({ bandit: '/nonexistent/bandit' });
    const vote = await missing.vote(change({ files }), never);
    expect(vote.verdict).toBe('reject');
    expect(vote.reasons[0]).toMatch(
      /^bandit could not run: bandit failed: spawn \/nonexistent\/bandit ENOENT/,
    );
    const lenient = createSecurityVoter({ bandit: '/nonexistent/bandit', on_unavailable: 'abstain' });
    expect((await lenient.vote(change({ files }), never)).verdict).toBe('abstain');
  });
});

describe('parseBanditJson', () => {
  it('refuses output that is not a bandit report', () => {
    expect(() => parseBanditJson('Traceback (most recent call last)')).toThrow(
      expect.objectContaining({ code: 'SAST_FAILED' }),
    );
    expect(() => parseBanditJson('{"results": {}}')).toThrow(
      expect.objectContaining({ code: 'SAST_FAILED' }),
    );
  });

  it('treats an unknown severity as HIGH (an unreadable finding must not pass)', () => {
    const text = JSON.stringify({
      errors: [],
      results: [
        {
          filename: './a.py',
          line_number: 1,
          test_id: 'B999',
          test_name: 'x',
          issue_severity: '??',
          issue_confidence: 'HIGH',
          issue_text: 't',
        },
      ],
    });
    expect(parseBanditJson(text).findings[0]).toMatchObject({ file: 'a.py', severity: 'HIGH' });
  });
});
