import { createSecurityVoter, runEslintSecurity } from '../../../../lib/l1';
import { change, fixtureFile, never } from '../helpers';

describe('eslint-plugin-security (real ESLint Node API run)', () => {
  it('flags child_process exec and eval with an expression, even under an eslint-disable comment', async () => {
    const started = Date.now();
    const report = await runEslintSecurity([fixtureFile('js/risky.js', 'src/risky.js')]);
    console.log(`eslint-plugin-security on risky.js: ${Date.now() - started} ms`);
    const rules = report.findings.map((f) => [f.rule, f.line, f.level]);
    expect(rules).toEqual(
      expect.arrayContaining([
        ['security/detect-child-process', 5, 'error'],
        ['security/detect-eval-with-expression', 10, 'error'],
        ['inline-directive', 9, 'warn'],
      ]),
    );
  });

  it('lints TypeScript through the typescript-eslint parser', async () => {
    const ts = {
      path: 'src/load.ts',
      content:
        'export function load(name: string): unknown {\n  return require(name);\n}\nexport const b = (n: number): Buffer => new Buffer(n);\n',
    };
    const report = await runEslintSecurity([ts]);
    expect(report.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['security/detect-non-literal-require', 'security/detect-new-buffer']),
    );
  });

  it('a file that does not parse is an error finding', async () => {
    const report = await runEslintSecurity([{ path: 'src/broken.js', content: 'function broken( {\n' }]);
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'parse', level: 'error', line: 2 })]);
  });

  it('warnings are noted, errors reject (or veto when configured), clean code is accepted', async () => {
    const warnOnly = { path: 'src/map.js', content: 'module.exports = (o, k) => o[k];\n' };
    const noted = await createSecurityVoter().vote(change({ files: [warnOnly] }), never);
    expect(noted.verdict).toBe('accept');
    expect(noted.reasons[0]).toMatch(/^eslint security\/detect-object-injection \(warn\) at src\/map\.js:1/);
    const risky = [fixtureFile('js/risky.js', 'src/risky.js')];
    const rejected = await createSecurityVoter().vote(change({ files: risky }), never);
    expect(rejected.verdict).toBe('reject');
    expect(rejected.evidence_refs).toContain(
      'eslint://security/detect-eval-with-expression/src/risky.js#L10',
    );
    const vetoed = await createSecurityVoter({ thresholds: { eslint_errors: 'veto' } }).vote(
      change({ files: risky }),
      never,
    );
    expect(vetoed.verdict).toBe('veto');
    const clean = await createSecurityVoter().vote(
      change({ files: [fixtureFile('js/clean.js', 'src/clean.js')] }),
      never,
    );
    expect(clean.verdict).toBe('accept');
  });
});
