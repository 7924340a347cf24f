import { HaleError } from '../errors';

export type LedgerErrorCode =
  | 'LEDGER_INPUT_INVALID'
  | 'LEDGER_IDEMPOTENCY_CONFLICT'
  | 'LEDGER_NOT_FOUND'
  | 'LEDGER_KEY_INVALID'
  | 'LEDGER_NO_CHECKPOINT'
  | 'LEDGER_BUNDLE_INVALID';

export class LedgerError extends HaleError<LedgerErrorCode> {}
