import { PolicyError } from './errors';
import { runOpa } from './opa-cli';
import { policySourceDir } from './paths';

export interface PolicyTestResult {
  /** `data.<package>.<test>` */
  name: string;
  passed: boolean;
  /** opa's failure or error text, when not passed. */
  detail?: string;
}

interface OpaTestJson {
  package?: string;
  name?: string;
  fail?: boolean;
  skip?: boolean;
  error?: { message?: string };
}

/**
 * `opa test --format json` over the bundle source (the `*_test.rego` files beside the policy).
 * Resolves to one result per test; throws POLICY_BUILD_FAILED when opa cannot load or compile them.
 */
export async function runPolicyTests(
  opa: string,
  sourceDir = policySourceDir(),
): Promise<PolicyTestResult[]> {
  const run = await runOpa(opa, ['test', '--format', 'json', '.'], sourceDir);
  let parsed: OpaTestJson[] | undefined;
  try {
    parsed = JSON.parse(run.stdout) as OpaTestJson[];
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed)) {
    const output = `${run.stdout}${run.stderr}`.trim();
    throw new PolicyError('POLICY_BUILD_FAILED', `opa test did not run: ${output.split('\n')[0] ?? ''}`, {
      details: { output, code: run.code },
    });
  }
  return parsed.map((t) => {
    const passed = !t.fail && !t.error && !t.skip;
    const name = `${t.package ?? '?'}.${t.name ?? '?'}`;
    return passed
      ? { name, passed }
      : { name, passed, detail: t.error?.message ?? (t.skip ? 'skipped' : 'failed') };
  });
}
