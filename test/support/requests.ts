import { withRequestDigest } from '../../lib/signing';
import type { RemediationRequestV1 } from '../../schemas/types.generated';
import { uniqueId } from './temporal';

/** A valid, correctly digested remediation.request.v1 for `hostId`. */
export function makeRequest(
  hostId: string,
  overrides: Partial<RemediationRequestV1> = {},
): RemediationRequestV1 {
  const { sign: _ignored, ...rest } = overrides;
  return withRequestDigest({
    id: uniqueId('rem'),
    artifact_ref: 'local://python/demo-api/patch-1.0.1.tar.gz',
    ops: ['apply_patch', 'restart:demo-api'],
    preflight: { sandbox: true, tests: ['smoke'] },
    rollback: { artifact: 'local://python/demo-api/snapshot-1.0.0.tar.gz' },
    service: 'demo-api',
    host: hostId,
    os: 'linux',
    ...rest,
  }) as RemediationRequestV1;
}
