import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { PolicyError } from './errors';

/** JWS algorithms Hale accepts for bundle signatures (all of which `opa build --signing-alg` produces). */
export type PolicySigningAlgorithm = 'ES256' | 'EdDSA' | 'RS256';

/** A key trusted to sign policy bundles; the JWT's `kid` header (or `keyid` claim) names it. */
export interface PolicyTrustKey {
  algorithm: PolicySigningAlgorithm;
  /** SPKI public key, PEM (`-----BEGIN PUBLIC KEY-----`). */
  publicKeyPem: string;
}

/** Which keys may sign governance bundles, and the scope the signature must carry (OPA's `scope`). */
export interface PolicyTrust {
  keys: Readonly<Record<string, PolicyTrustKey>>;
  /** Must equal the JWT's `scope` claim; absent = the claim must be absent or empty (OPA's default). */
  scope?: string;
}

/** A new policy signing key pair (P-256 for ES256, Ed25519 for EdDSA), PEM: PKCS#8 private, SPKI public. */
export function generatePolicyKeyPair(algorithm: 'ES256' | 'EdDSA' = 'ES256'): {
  privateKeyPem: string;
  publicKeyPem: string;
} {
  const { privateKey, publicKey } =
    algorithm === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The public half of a PEM private key, SPKI PEM. */
export function publicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

/** Parses a trusted key and checks it fits its algorithm (ES256 needs P-256, EdDSA Ed25519, RS256 ≥ 2048-bit RSA). */
export function publicKeyFor(keyId: string, key: PolicyTrustKey): KeyObject {
  let parsed: KeyObject;
  try {
    parsed = createPublicKey(key.publicKeyPem);
  } catch (err) {
    throw new PolicyError('POLICY_SIGNATURE_INVALID', `trusted key ${keyId} is not a PEM public key`, {
      cause: err,
      details: { key_id: keyId, reason: 'bad-trusted-key' },
    });
  }
  const details = parsed.asymmetricKeyDetails ?? {};
  const fits =
    (key.algorithm === 'ES256' && parsed.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') ||
    (key.algorithm === 'EdDSA' && parsed.asymmetricKeyType === 'ed25519') ||
    (key.algorithm === 'RS256' && parsed.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048);
  if (!fits) {
    throw new PolicyError('POLICY_SIGNATURE_INVALID', `trusted key ${keyId} is not a ${key.algorithm} key`, {
      details: { key_id: keyId, reason: 'bad-trusted-key' },
    });
  }
  return parsed;
}
