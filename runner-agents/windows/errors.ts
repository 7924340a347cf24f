import { HaleError } from '../../lib/errors';

/**
 * Codes of the Windows adapter. Tests assert the code, never the message.
 * Add a code here (one place) when a new failure needs its own name.
 */
export type WindowsRunnerErrorCode =
  // refused before anything runs
  | 'NAME_INVALID'
  | 'PATH_INVALID'
  | 'ARTIFACT_UNSUPPORTED'
  | 'SANDBOX_UNAVAILABLE'
  // the host said no
  | 'COMMAND_FAILED'
  | 'SERVICE_NOT_FOUND'
  | 'SERVICE_START_FAILED'
  | 'SIGNATURE_NOT_VALID'
  | 'SIGNER_NOT_TRUSTED'
  | 'SNAPSHOT_NOT_FOUND'
  // the host answered something we cannot read
  | 'OUTPUT_UNPARSABLE';

export class WindowsRunnerError extends HaleError<WindowsRunnerErrorCode> {}
