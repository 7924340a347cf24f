import { HaleError } from '../../lib/errors';

/**
 * Codes of the macOS adapter. Tests assert the code, never the message.
 * Add a code here (one place) when a new failure needs its own name.
 */
export type MacRunnerErrorCode =
  // refused before anything runs
  | 'NAME_INVALID'
  | 'PATH_INVALID'
  | 'ARTIFACT_UNSUPPORTED'
  // the host said no
  | 'COMMAND_FAILED'
  | 'SERVICE_NOT_FOUND'
  | 'CODE_NOT_SIGNED'
  | 'SIGNATURE_NOT_VALID'
  | 'SIGNER_NOT_TRUSTED'
  | 'SNAPSHOT_NOT_FOUND'
  // the host answered something we cannot read
  | 'OUTPUT_UNPARSABLE';

export class MacRunnerError extends HaleError<MacRunnerErrorCode> {}
