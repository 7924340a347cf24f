import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PolicyError } from './errors';
import type { PolicySigningAlgorithm } from './keys';
import { runOpa } from './opa-cli';
import { GOVERNANCE_ENTRYPOINT, policyCapabilitiesFile, policySourceDir } from './paths';

export interface BuildPolicyOptions {
  /** Path of the opa binary (infra/tools `resolveOpa`). */
  opa: string;
  /** Where the signed bundle .tar.gz goes. */
  outFile: string;
  /** PKCS#8 PEM private key that signs the bundle. */
  signingKeyPem: string;
  /** Written as the `keyid` claim; verifiers look the key up by it. */
  keyId: string;
  algorithm?: PolicySigningAlgorithm;
  /** The manifest's revision, e.g. a git commit. */
  revision?: string;
  /** Written as the `scope` claim. */
  scope?: string;
  /** Default: infra/policy/bundle. */
  sourceDir?: string;
  /** Default: infra/policy/capabilities.json. */
  capabilitiesFile?: string;
  entrypoint?: string;
}

export interface BuiltPolicyBundle {
  file: string;
  bytes: number;
  ms: number;
}

/**
 * `opa build -b -t wasm -e <entrypoint> --capabilities <file> --signing-key …` over the bundle source
 * (tests, `*_test.rego`, left out). The capabilities file lists only the builtins the wasm SDK
 * evaluates, so a policy using any other (`time.now_ns`, `http.send`, …) fails here, not at run time.
 * Throws POLICY_BUILD_FAILED with opa's output in `details.output`.
 */
export async function buildPolicyBundle(opts: BuildPolicyOptions): Promise<BuiltPolicyBundle> {
  const started = Date.now();
  const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-policy-sign-'));
  try {
    const key = path.join(secrets, 'signing-key.pem');
    const claims = path.join(secrets, 'claims.json');
    fs.writeFileSync(key, opts.signingKeyPem, { mode: 0o600 });
    fs.writeFileSync(
      claims,
      JSON.stringify({ keyid: opts.keyId, ...(opts.scope ? { scope: opts.scope } : {}) }),
    );
    const outFile = path.resolve(opts.outFile);
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    const args = [
      'build',
      '--bundle',
      '.',
      '--target',
      'wasm',
      '--entrypoint',
      opts.entrypoint ?? GOVERNANCE_ENTRYPOINT,
      '--capabilities',
      path.resolve(opts.capabilitiesFile ?? policyCapabilitiesFile()),
      '--ignore',
      '*_test.rego',
      '--signing-key',
      key,
      '--signing-alg',
      opts.algorithm ?? 'ES256',
      '--claims-file',
      claims,
      '--output',
      outFile,
      ...(opts.revision === undefined ? [] : ['--revision', opts.revision]),
    ];
    // From inside the source root, so the bundle's file names are relative (no machine paths).
    const run = await runOpa(opts.opa, args, path.resolve(opts.sourceDir ?? policySourceDir()));
    if (run.code !== 0) {
      const output = `${run.stdout}${run.stderr}`.trim();
      throw new PolicyError(
        'POLICY_BUILD_FAILED',
        `opa build failed: ${output.split('\n').slice(0, 5).join(' | ')}`,
        {
          details: { output, code: run.code },
        },
      );
    }
    return { file: outFile, bytes: fs.statSync(outFile).size, ms: Date.now() - started };
  } finally {
    fs.rmSync(secrets, { recursive: true, force: true });
  }
}
