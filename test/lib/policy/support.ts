// Test helpers for governance: the real opa binary (found, never built: a missing opa fails the
// tests with a hint to run `hale tools`), signed bundles built from infra/policy, tar repacking.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { resolveOpa } from '../../../infra/tools';
import type { GovernanceInputV1 } from '../../../lib/contracts';
import {
  buildPolicyBundle,
  generatePolicyKeyPair,
  type PolicySigningAlgorithm,
  type PolicyTrust,
} from '../../../lib/policy';
import { readBundleTarGz } from '../../../lib/policy/tar';

let opaPath: Promise<string> | undefined;

/** Path of opa; rejects (the test fails, never skips) when it is missing. */
export function opaBinary(): Promise<string> {
  opaPath ??= resolveOpa({ build: false }).then(
    (tool) => tool.path,
    (err: unknown) => {
      throw new Error(`opa is needed for these tests: run \`hale tools\` first (${String(err)})`);
    },
  );
  return opaPath;
}

export function tempDir(prefix = 'hale-policy-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const KEY_ID = 'hale-policy-test';

export interface SignedBundle {
  file: string;
  bytes: Buffer;
  trust: PolicyTrust;
  privateKeyPem: string;
  publicKeyPem: string;
  buildMs: number;
}

/** Builds infra/policy (or `sourceDir`) to a signed wasm bundle in `dir` with a fresh key. */
export async function buildSigned(
  dir: string,
  opts: { sourceDir?: string; algorithm?: 'ES256' | 'EdDSA'; revision?: string; scope?: string } = {},
): Promise<SignedBundle> {
  const algorithm: PolicySigningAlgorithm = opts.algorithm ?? 'ES256';
  const keys = generatePolicyKeyPair(algorithm);
  const file = path.join(dir, `bundle-${algorithm}.tar.gz`);
  const built = await buildPolicyBundle({
    opa: await opaBinary(),
    outFile: file,
    signingKeyPem: keys.privateKeyPem,
    keyId: KEY_ID,
    algorithm,
    revision: opts.revision ?? 'test-rev-1',
    ...(opts.scope === undefined ? {} : { scope: opts.scope }),
    ...(opts.sourceDir === undefined ? {} : { sourceDir: opts.sourceDir }),
  });
  return {
    file,
    bytes: fs.readFileSync(file),
    trust: {
      keys: { [KEY_ID]: { algorithm, publicKeyPem: keys.publicKeyPem } },
      ...(opts.scope === undefined ? {} : { scope: opts.scope }),
    },
    ...keys,
    buildMs: built.ms,
  };
}

/** The bundle's files (names without the leading `/`). */
export function unpack(bytes: Buffer): Promise<Map<string, Buffer>> {
  return readBundleTarGz(bytes);
}

/** Packs `files` into a .tar.gz the way opa lays a bundle out (`/name`). */
export async function repack(files: Map<string, Buffer>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const [name, content] of files) pack.entry({ name: `/${name}`, mode: 0o600 }, content);
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** Unpacks, lets `edit` change the file map, repacks. */
export async function tamper(bytes: Buffer, edit: (files: Map<string, Buffer>) => void): Promise<Buffer> {
  const files = await unpack(bytes);
  edit(files);
  return repack(files);
}

/** An allowed production change (Tuesday 10:15 UTC), as infra/policy's Rego tests use it. */
export function changeInput(): GovernanceInputV1 {
  return {
    now: '2026-03-03T10:15:00Z',
    request_id: 'rem-2026-03-03-demo-api-1',
    environment: 'production',
    action: 'apply_patch',
    intent: 'launch',
    actor: { id: 'hale-pipeline', roles: ['hale-pipeline'] },
    requested_by: 'rca-agent@1.4',
    service: { name: 'demo-api', data_class: 'internal', total_hosts: 8 },
    targets: [{ host: 'web-1', region: 'eu-west-1' }],
    artifact: {
      ref: 'local://python-wheel/demo-api/1.0.2/demo_api-1.0.2-py3-none-any.whl',
      digest: 'sha256:3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8557',
      region: 'eu-west-1',
      signature_verified: true,
    },
    rollback: {
      artifact_ref: 'local://python-wheel/demo-api/1.0.1/demo_api-1.0.1-py3-none-any.whl',
      region: 'eu-west-1',
      staged: true,
      signature_verified: true,
    },
    change: { disables_ledger: false },
  };
}

/** The same change as a rollback (no new artifact). */
export function rollbackInput(): GovernanceInputV1 {
  const { artifact: _artifact, ...rest } = changeInput();
  return { ...rest, action: 'rollback' };
}

/** A diagnosis: no artifact, no rollback. */
export function diagnoseInput(): GovernanceInputV1 {
  const { artifact: _artifact, rollback: _rollback, ...rest } = changeInput();
  return { ...rest, action: 'diagnose' };
}

/** Rejection of `promise`, for asserting on its code and details. */
export async function rejection(
  promise: Promise<unknown>,
): Promise<{ code?: string; details?: Record<string, unknown>; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; details?: Record<string, unknown>; message: string };
  }
  throw new Error('expected a rejection');
}
