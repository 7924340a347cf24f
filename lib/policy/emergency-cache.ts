import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { writeFileAtomic } from '../fs';
import { loadOrCreateSigner, verifySignature, type LedgerSigner } from '../ledger/keys';
import { PolicyError } from './errors';
import { loadGovernanceEvaluator, type GovernanceEvaluator } from './evaluator';
import type { PolicyTrust } from './keys';
import { verifyPolicyBundle, type VerifiedPolicyBundle } from './verify';

/** What snapshot.json records, signed by the control plane's `policy-cache` key. */
export interface EmergencySnapshot {
  type: typeof SNAPSHOT_TYPE;
  bundle_file: string;
  bundle_sha256: string;
  bundle_bytes: number;
  bundle_key_id: string;
  revision: string;
  /** When the bundle last verified as the live policy; the cache's age counts from here. */
  verified_at: string;
  saved_at: string;
}

/** The key that signs snapshots (Ed25519; any LedgerSigner) and the public half that checks them. */
export type SnapshotSigner = Pick<LedgerSigner, 'keyId' | 'publicKey' | 'sign'>;
export type SnapshotKey = Pick<LedgerSigner, 'keyId' | 'publicKey'>;

export interface LoadEmergencyOptions {
  dataDir: string;
  /** The bundle is re-verified with today's trust: a key revoked since is not honoured. */
  trust: PolicyTrust;
  snapshotKey: SnapshotKey;
  /** Refuse (POLICY_CACHE_STALE) a snapshot verified longer ago than this. */
  maxAgeMs?: number;
  now?: () => Date;
}

const SNAPSHOT_TYPE = 'hale.policy.emergency-snapshot.v1';
export const POLICY_CACHE_ACTOR = 'policy-cache';

/** `<dataDir>/policy/emergency`: snapshot.json + bundle-<sha256>.tar.gz. */
export function emergencyCacheDir(dataDir: string): string {
  return path.join(dataDir, 'policy', 'emergency');
}

/** The control plane's snapshot signer, `<dataDir>/keys/policy-cache.key` (created on first use). */
export function policyCacheSigner(dataDir: string): LedgerSigner {
  return loadOrCreateSigner(path.join(dataDir, 'keys'), POLICY_CACHE_ACTOR).signer;
}

function message(snapshot: EmergencySnapshot): string {
  return `${SNAPSHOT_TYPE}\u0000${canonicalize(snapshot) ?? ''}`;
}

/**
 * Keeps `bundle` (already verified) as the emergency policy: the bundle bytes, then a signed
 * snapshot.json naming them; older bundles are removed afterwards, so a crash leaves the old pair.
 */
export function saveEmergencyPolicy(
  bundle: VerifiedPolicyBundle,
  opts: { dataDir: string; signer: SnapshotSigner; now?: () => Date },
): EmergencySnapshot {
  const dir = emergencyCacheDir(opts.dataDir);
  const bundleFile = `bundle-${bundle.sha256.slice('sha256:'.length)}.tar.gz`;
  writeFileAtomic(path.join(dir, bundleFile), bundle.bytes);
  const snapshot: EmergencySnapshot = {
    type: SNAPSHOT_TYPE,
    bundle_file: bundleFile,
    bundle_sha256: bundle.sha256,
    bundle_bytes: bundle.bytes.length,
    bundle_key_id: bundle.keyId,
    revision: bundle.revision,
    verified_at: bundle.verifiedAt,
    saved_at: (opts.now?.() ?? new Date()).toISOString(),
  };
  const signature = { key_id: opts.signer.keyId, sig: opts.signer.sign(message(snapshot)) };
  writeFileAtomic(path.join(dir, 'snapshot.json'), `${JSON.stringify({ snapshot, signature }, null, 2)}\n`);
  for (const name of fs.readdirSync(dir)) {
    if (/^bundle-[0-9a-f]{64}\.tar\.gz$/.test(name) && name !== bundleFile) fs.rmSync(path.join(dir, name));
  }
  return snapshot;
}

function unavailable(message: string, cause?: unknown): PolicyError {
  return new PolicyError('POLICY_UNAVAILABLE', `emergency policy cache: ${message}`, { cause });
}

/** Reads snapshot.json and checks its signature; POLICY_UNAVAILABLE when there is none. */
export function readEmergencySnapshot(dataDir: string, key: SnapshotKey): EmergencySnapshot {
  const file = path.join(emergencyCacheDir(dataDir), 'snapshot.json');
  let doc: { snapshot?: EmergencySnapshot; signature?: { key_id?: unknown; sig?: unknown } };
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof doc;
  } catch (err) {
    throw unavailable(`no readable snapshot at ${file}`, err);
  }
  const { snapshot, signature } = doc;
  const signed =
    snapshot?.type === SNAPSHOT_TYPE &&
    signature?.key_id === key.keyId &&
    typeof signature.sig === 'string' &&
    verifySignature(key.publicKey, message(snapshot), signature.sig);
  if (!signed) {
    throw new PolicyError(
      'POLICY_SIGNATURE_INVALID',
      `emergency policy cache: ${file} is not signed by ${key.keyId}`,
      {
        details: { reason: 'snapshot', file },
      },
    );
  }
  return snapshot;
}

/**
 * The emergency policy: the last verified bundle, re-verified (snapshot signature, bundle digest,
 * the bundle's own OPA signature and file hashes), as an evaluator flagged `emergency: true` whose
 * decisions allow only read-only actions (diagnose, rollback).
 */
export async function loadEmergencyPolicy(opts: LoadEmergencyOptions): Promise<GovernanceEvaluator> {
  const snapshot = readEmergencySnapshot(opts.dataDir, opts.snapshotKey);
  const age = (opts.now?.() ?? new Date()).getTime() - Date.parse(snapshot.verified_at);
  if (opts.maxAgeMs !== undefined && !(age <= opts.maxAgeMs)) {
    throw new PolicyError(
      'POLICY_CACHE_STALE',
      `emergency policy cache verified ${snapshot.verified_at} is too old`,
      {
        details: { verified_at: snapshot.verified_at, age_ms: age },
      },
    );
  }
  const file = path.join(emergencyCacheDir(opts.dataDir), path.basename(snapshot.bundle_file));
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw unavailable(`the snapshot's bundle ${file} cannot be read`, err);
  }
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== snapshot.bundle_sha256) {
    throw new PolicyError(
      'POLICY_FILE_HASH_MISMATCH',
      `emergency policy cache: ${file} is not the bundle snapshotted`,
      {
        details: { file: snapshot.bundle_file, expected: snapshot.bundle_sha256, actual },
      },
    );
  }
  const verified = await verifyPolicyBundle(bytes, opts.trust, { now: () => new Date(snapshot.verified_at) });
  return loadGovernanceEvaluator(verified, { emergency: true });
}
