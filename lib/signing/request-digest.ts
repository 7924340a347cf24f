import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * Digest that `sign.digest` of a remediation.request.v1 must carry: SHA-256 over the RFC 8785
 * canonical JSON of the request without its `sign` member, written `sha256:<hex>`.
 */
export function requestDigest(request: Record<string, unknown>): string {
  const { sign: _sign, ...unsigned } = request;
  const canonical = canonicalize(unsigned);
  if (canonical === undefined) throw new TypeError('request cannot be canonicalized');
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}

/** Fills in `sign` with the digest of the rest (algo sha256). For clients and the demo. */
export function withRequestDigest<T extends Record<string, unknown>>(
  request: T,
): T & { sign: { algo: 'sha256'; digest: string } } {
  return { ...request, sign: { algo: 'sha256', digest: requestDigest(request) } };
}
