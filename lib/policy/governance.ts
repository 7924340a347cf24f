import fs from 'node:fs';
import { loadEmergencyPolicy, saveEmergencyPolicy, type SnapshotSigner } from './emergency-cache';
import { PolicyError, type PolicyErrorCode } from './errors';
import { loadGovernanceEvaluator, type GovernanceEvaluator } from './evaluator';
import type { PolicyTrust } from './keys';
import { verifyPolicyBundle } from './verify';

export interface OpenGovernanceOptions {
  /** The signed bundle .tar.gz (built by `buildPolicyBundle`). */
  bundleFile: string;
  trust: PolicyTrust;
  /** Hale's data dir: the emergency cache lives in `<dataDir>/policy/emergency`. */
  dataDir: string;
  /** Signs (and, by its public key, checks) the emergency snapshot: `policyCacheSigner(dataDir)`. */
  signer: SnapshotSigner;
  /** Oldest emergency snapshot accepted (POLICY_CACHE_STALE beyond). */
  maxEmergencyAgeMs?: number;
  now?: () => Date;
}

export interface OpenedGovernance {
  evaluator: GovernanceEvaluator;
  /** Why the live bundle was not used (the evaluator is then the emergency cache): record it. */
  fallback?: { code: PolicyErrorCode; message: string };
  /** The live bundle verified but could not be kept as the emergency snapshot. */
  cacheError?: string;
}

async function openLive(opts: OpenGovernanceOptions): Promise<OpenedGovernance> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(opts.bundleFile);
  } catch (err) {
    throw new PolicyError('POLICY_UNAVAILABLE', `cannot read the policy bundle ${opts.bundleFile}`, {
      cause: err,
    });
  }
  const verified = await verifyPolicyBundle(bytes, opts.trust, { now: opts.now });
  const evaluator = await loadGovernanceEvaluator(verified);
  try {
    saveEmergencyPolicy(verified, { dataDir: opts.dataDir, signer: opts.signer, now: opts.now });
    return { evaluator };
  } catch (err) {
    return { evaluator, cacheError: String(err) };
  }
}

/**
 * Governance as the pipeline needs it: the live bundle, verified, kept as the emergency snapshot on
 * every success. When the live bundle is missing, unreadable or fails verification, the emergency
 * cache takes over (read-only) and `fallback` says why; when both fail, POLICY_UNAVAILABLE.
 */
export async function openGovernance(opts: OpenGovernanceOptions): Promise<OpenedGovernance> {
  try {
    return await openLive(opts);
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    try {
      const evaluator = await loadEmergencyPolicy({
        dataDir: opts.dataDir,
        trust: opts.trust,
        snapshotKey: opts.signer,
        maxAgeMs: opts.maxEmergencyAgeMs,
        now: opts.now,
      });
      return { evaluator, fallback: { code: err.code, message: err.message } };
    } catch (cacheErr) {
      const cacheCode = cacheErr instanceof PolicyError ? cacheErr.code : 'UNKNOWN';
      throw new PolicyError('POLICY_UNAVAILABLE', `no governance: ${err.message}; and ${String(cacheErr)}`, {
        cause: cacheErr,
        details: { live: err.code, emergency: cacheCode },
      });
    }
  }
}
