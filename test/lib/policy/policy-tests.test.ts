import { runPolicyTests } from '../../../lib/policy';
import { opaBinary } from './support';

/** The Rego unit tests beside the policy (infra/policy/bundle/**\/*_test.rego), run by the real opa. */
describe('opa test infra/policy', () => {
  it('passes every policy test, and every rule package has tests', async () => {
    const results = await runPolicyTests(await opaBinary());
    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(30);
    const packages = new Set(results.map((r) => r.name.replace(/\.test_[a-z0-9_]+$/, '')));
    for (const pkg of ['constitution', 'sovereignty', 'blast_radius', 'change_window', 'rbac']) {
      expect(packages).toContain(`data.hale.governance.${pkg}_test`);
    }
    expect(packages).toContain('data.hale.lib.clock_test');
    console.log(`opa test: ${results.length} policy tests passed`);
  });
});

describe('runPolicyTests', () => {
  it('reports a failing Rego test by name, and a policy that does not compile as POLICY_BUILD_FAILED', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { policySourceDir } = await import('../../../lib/policy');
    const { tempDir } = await import('./support');
    const dir = tempDir();
    try {
      fs.cpSync(policySourceDir(), dir, { recursive: true });
      const extra = path.join(dir, 'hale', 'governance', 'broken_test.rego');
      fs.writeFileSync(
        extra,
        'package hale.governance.broken_test\n\nimport data.hale.governance\n\ntest_wrong if governance.allow with input as {}\n',
      );
      const results = await runPolicyTests(await opaBinary(), dir);
      expect(results.filter((r) => !r.passed).map((r) => r.name)).toEqual([
        'data.hale.governance.broken_test.test_wrong',
      ]);
      fs.writeFileSync(extra, 'package hale.governance.broken_test\n\ntest_x if {\n');
      await expect(runPolicyTests(await opaBinary(), dir)).rejects.toMatchObject({
        code: 'POLICY_BUILD_FAILED',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
