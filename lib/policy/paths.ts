import path from 'node:path';

/** The one decision Hale asks of its policy bundle (Rego package hale.governance, rule decision). */
export const GOVERNANCE_ENTRYPOINT = 'hale/governance/decision';

/** `<repo>/infra/policy`, also from the compiled `dist/` tree. */
export function policyDir(): string {
  const inDist = __dirname.includes(`${path.sep}dist${path.sep}`);
  return path.resolve(__dirname, '..', '..', ...(inDist ? ['..'] : []), 'infra', 'policy');
}

/** The bundle's source root: `.manifest`, `hale/**.rego` (+ `*_test.rego`), `hale/config/data.json`. */
export function policySourceDir(): string {
  return path.join(policyDir(), 'bundle');
}

/** The builtins the wasm SDK evaluates (scripts/gen-policy-capabilities.js writes it). */
export function policyCapabilitiesFile(): string {
  return path.join(policyDir(), 'capabilities.json');
}
