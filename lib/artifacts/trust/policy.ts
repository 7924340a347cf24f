import fs from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { validateContract, type ArtifactTrustPolicyV1 } from '../../contracts';
import { ArtifactError } from '../errors';
import { keyIdOf, publicKeyFromPem } from './keys';

export type ArtifactKind = ArtifactTrustPolicyV1['signers'][number]['kinds'][number];
export const ARTIFACT_KINDS: readonly ArtifactKind[] = [
  'python-wheel',
  'npm-tarball',
  'deb',
  'config-bundle',
  'snapshot',
];

export interface SignerRule {
  keyId: string;
  key: KeyObject;
  source: string;
  kinds: ReadonlySet<ArtifactKind>;
  namePrefixes: readonly string[];
}

export interface TrustPolicy {
  /** Where the policy came from (a file, or the built-in default). */
  source: string;
  indexKeys: KeyObject[];
  indexThreshold: number;
  signers: SignerRule[];
}

function readKey(file: string, policyFile: string): KeyObject {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ArtifactError(
      'ARTIFACT_INPUT_INVALID',
      `${policyFile}: key file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      { details: { file: policyFile, key: file } },
    );
  }
  return publicKeyFromPem(pem, file);
}

/** Loads and validates a trust policy file (artifact.trust-policy.v1); key paths are relative to it. */
export function loadTrustPolicy(file: string): TrustPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ArtifactError('ARTIFACT_INPUT_INVALID', `${file}: ${(err as Error).message}`, {
      details: { file },
    });
  }
  let policy: ArtifactTrustPolicyV1;
  try {
    policy = validateContract('artifact.trust-policy.v1', doc);
  } catch (err) {
    throw new ArtifactError('ARTIFACT_INPUT_INVALID', `${file}: ${(err as Error).message}`, {
      cause: err,
      details: { file },
    });
  }
  const dir = path.dirname(file);
  return {
    source: file,
    indexKeys: policy.index_keys.map((k) => readKey(path.resolve(dir, k), file)),
    indexThreshold: policy.index_threshold ?? 1,
    signers: policy.signers.map((s) => {
      const keyFile = path.resolve(dir, s.key);
      const key = readKey(keyFile, file);
      return {
        keyId: keyIdOf(key),
        key,
        source: keyFile,
        kinds: new Set(s.kinds),
        namePrefixes: s.name_prefixes,
      };
    }),
  };
}

/** A policy trusting exactly these keys: the index key for the index, the signing key for everything. */
export function singleKeyPolicy(indexKey: KeyObject, signingKey: KeyObject, source: string): TrustPolicy {
  return {
    source,
    indexKeys: [indexKey],
    indexThreshold: 1,
    signers: [
      {
        keyId: keyIdOf(signingKey),
        key: signingKey,
        source,
        kinds: new Set(ARTIFACT_KINDS),
        namePrefixes: [''],
      },
    ],
  };
}

/**
 * The rule allowing `keyId` to sign an artifact of `kind` named `name`, or TRUST_KEY_NOT_ALLOWED
 * saying why not (unknown key, or a key whose kinds / name prefixes do not cover it).
 */
export function signerFor(policy: TrustPolicy, keyId: string, kind: ArtifactKind, name: string): SignerRule {
  const rules = policy.signers.filter((s) => s.keyId === keyId);
  if (rules.length === 0) {
    throw new ArtifactError(
      'TRUST_KEY_NOT_ALLOWED',
      `${kind} ${name}: signed by key ${keyId.slice(0, 16)}…, which the trust policy (${policy.source}) does not know`,
      { details: { key_id: keyId, kind, name } },
    );
  }
  const rule = rules.find((s) => s.kinds.has(kind) && s.namePrefixes.some((p) => name.startsWith(p)));
  if (!rule) {
    throw new ArtifactError(
      'TRUST_KEY_NOT_ALLOWED',
      `${kind} ${name}: key ${keyId.slice(0, 16)}… may not sign this kind or name (trust policy ${policy.source})`,
      { details: { key_id: keyId, kind, name } },
    );
  }
  return rule;
}
