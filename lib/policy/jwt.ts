import { verify, type KeyObject } from 'node:crypto';
import { PolicyError } from './errors';
import { publicKeyFor, type PolicyTrust } from './keys';

/** One file as OPA's bundle signature lists it. */
export interface SignedFile {
  name: string;
  /** Hex digest. */
  hash: string;
  algorithm: string;
}

/** The verified claims of a bundle signature. */
export interface BundleClaims {
  keyId: string;
  algorithm: string;
  files: SignedFile[];
  scope?: string;
}

function bad(reason: string, message: string, details: Record<string, unknown> = {}): PolicyError {
  return new PolicyError('POLICY_SIGNATURE_INVALID', `policy bundle signature: ${message}`, {
    details: { reason, ...details },
  });
}

function decodeSegment(segment: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below, as for a JWT part that is valid JSON but not an object
  }
  throw bad('malformed', `the JWT ${what} is not a base64url JSON object`);
}

function signedFiles(value: unknown): SignedFile[] {
  if (!Array.isArray(value) || value.length === 0) throw bad('malformed', 'the JWT lists no files');
  return value.map((f: unknown) => {
    const file = (f ?? {}) as Record<string, unknown>;
    const { name, hash, algorithm } = file;
    if (typeof name !== 'string' || typeof hash !== 'string' || typeof algorithm !== 'string') {
      throw bad('malformed', 'a file entry needs name, hash and algorithm strings');
    }
    return { name, hash, algorithm };
  });
}

function signatureHolds(algorithm: string, input: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    if (algorithm === 'ES256') return verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature);
    return verify(algorithm === 'RS256' ? 'sha256' : null, input, key, signature);
  } catch {
    return false; // a signature of the wrong length or encoding is simply not valid
  }
}

/**
 * Verifies the compact JWS from `.signatures.json` as OPA does (bundle/verify.go): the key is the
 * `kid` header, else the `keyid` claim; it must be trusted, of the algorithm the header names, and
 * the signature must hold over `header.payload`; the `scope` claim must equal the trust's scope.
 */
export function verifyBundleJwt(token: string, trust: PolicyTrust): BundleClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) {
    throw bad('malformed', 'not a compact JWS (header.payload.signature)');
  }
  const [headerB64, payloadB64, sigB64] = parts as [string, string, string];
  const header = decodeSegment(headerB64, 'header');
  const payload = decodeSegment(payloadB64, 'payload');
  const kid = typeof header.kid === 'string' && header.kid !== '' ? header.kid : payload.keyid;
  if (typeof kid !== 'string' || kid === '') throw bad('no-key-id', 'neither a kid header nor a keyid claim');
  const trusted = Object.prototype.hasOwnProperty.call(trust.keys, kid) ? trust.keys[kid] : undefined;
  if (!trusted) throw bad('unknown-key', `key ${kid} is not trusted`, { key_id: kid });
  if (header.alg !== trusted.algorithm) {
    throw bad('algorithm', `header alg ${String(header.alg)} is not ${trusted.algorithm} (key ${kid})`, {
      key_id: kid,
    });
  }
  const key = publicKeyFor(kid, trusted);
  const input = Buffer.from(`${headerB64}.${payloadB64}`, 'ascii');
  const signature = Buffer.from(sigB64, 'base64url');
  if (!signatureHolds(trusted.algorithm, input, key, signature))
    throw bad('signature', `the signature does not verify with key ${kid}`, { key_id: kid });
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  if (scope !== (trust.scope ?? '')) {
    throw bad('scope', `scope ${JSON.stringify(scope)} is not ${JSON.stringify(trust.scope ?? '')}`, {
      key_id: kid,
    });
  }
  return {
    keyId: kid,
    algorithm: trusted.algorithm,
    files: signedFiles(payload.files),
    ...(scope === '' ? {} : { scope }),
  };
}
