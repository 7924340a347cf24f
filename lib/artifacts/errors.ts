import { HaleError } from '../errors';

/**
 * Codes of the artifact store and its trust rules. Tests assert the code, never the message.
 * Add a code here (one place) when a new failure needs its own name.
 */
export type ArtifactErrorCode =
  // input and references
  | 'ARTIFACT_INPUT_INVALID'
  | 'ARTIFACT_REF_INVALID'
  | 'ARTIFACT_NOT_FOUND'
  | 'ARTIFACT_BLOB_CORRUPT'
  // keys and signatures (cosign formats)
  | 'KEY_MALFORMED'
  | 'KEY_PASSWORD_WRONG'
  | 'KEY_PASSWORD_MISSING'
  | 'KEY_UNSUPPORTED'
  | 'SIGNATURE_MALFORMED'
  | 'SIGNATURE_INVALID'
  | 'BUNDLE_MALFORMED'
  | 'BUNDLE_DIGEST_MISMATCH'
  // package metadata and SBOMs
  | 'PACKAGE_MALFORMED'
  | 'PACKAGE_RECORD_MISMATCH'
  | 'PACKAGE_TOOL_MISSING'
  | 'SBOM_INVALID'
  // signed index and trust policy
  | 'INDEX_MALFORMED'
  | 'INDEX_SIGNATURE_INVALID'
  | 'INDEX_ROLLBACK'
  | 'INDEX_EXPIRED'
  | 'INDEX_MISMATCH'
  | 'TRUST_UNSIGNED'
  | 'TRUST_KEY_NOT_ALLOWED'
  | 'TRUST_STATUS_BLOCKED'
  // resolution
  | 'RESOLVE_LOCKFILE_INVALID'
  | 'RESOLVE_DEFERRED';

export class ArtifactError extends HaleError<ArtifactErrorCode> {}
