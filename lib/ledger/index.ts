/** lib/ledger — the evidence ledger: append-only hash chain, keys, checkpoints, proofs. See docs/ledger.md. */
export {
  ENTRY_DOMAIN,
  GENESIS_HASH,
  canonicalEntry,
  entryHash,
  jcs,
  entryPreimage,
  hashedObject,
  type LedgerEntry,
  type Subject,
} from './entry';
export {
  appendEntries,
  appendEntriesDetailed,
  appendEntry,
  appendWithin,
  APPEND_LOCK_KEY,
  type NewEntry,
} from './append';
export { LedgerError, type LedgerErrorCode } from './errors';
export { rowToEntry, LEDGER_COLUMNS, type LedgerRow } from './rows';
export { generateSigner, keyIdOf, loadOrCreateSigner, verifySignature, type LedgerSigner } from './keys';
export { KeyRegistry, type RegisteredKey } from './key-registry';
export { checkpointStatement, custodyStatement, keyStatement } from './statements';
export {
  ANNOTATION_KINDS,
  annotate,
  recordCustody,
  registerKey,
  type AnnotationKind,
  type EvidenceObject,
} from './records';
export { ChainVerifier, type VerifyFailure, type VerifyReason } from './chain-verifier';
export { verifyLedger, type VerifyOptions, type VerifyResult } from './verify';
export {
  frontierAt,
  latestCheckpoint,
  maybeCheckpoint,
  writeCheckpoint,
  type CheckpointPayload,
  type CheckpointPolicy,
} from './checkpoint';
export {
  exportCheckpoint,
  proveConsistency,
  proveInclusion,
  proveInclusionMany,
  type ConsistencyProofDoc,
  type ExportedCheckpoint,
  type InclusionProofDoc,
} from './proofs';
export { verifyCheckpointSignature, verifyConsistencyDoc, verifyInclusionDoc } from './standalone-verify';
export { incidentTimeline, formatTimeline, type IncidentTimeline, type TimelineItem } from './timeline';
export { BUNDLE_FORMAT, exportIncidentBundle, type BundleLine } from './bundle';
export { verifyBundle, type BundleVerdict } from './bundle-verify';
export { CONTROL_ACTOR, ensureSigner, keysDir } from './signers';
export { formatAnchor, parseAnchor } from './anchor';
export { startCheckpointer } from './checkpointer';
