import { HaleError } from '../../../lib/errors';

/**
 * Codes of the Linux sandbox. Tests assert the code, never the message.
 * - SANDBOX_POLICY_INVALID: the policy (or a policy file) is unusable; `details.field` names the field.
 * - SANDBOX_COMMAND_INVALID: no command, or an argument with a NUL byte.
 * - SANDBOX_UNAVAILABLE: bubblewrap is not installed (the message says what to install).
 * - SANDBOX_SPAWN_FAILED: bubblewrap was found but could not be started.
 */
export type SandboxErrorCode =
  'SANDBOX_POLICY_INVALID' | 'SANDBOX_COMMAND_INVALID' | 'SANDBOX_UNAVAILABLE' | 'SANDBOX_SPAWN_FAILED';

export class SandboxError extends HaleError<SandboxErrorCode> {}

export function policyError(field: string, message: string): SandboxError {
  return new SandboxError('SANDBOX_POLICY_INVALID', `policy.${field}: ${message}`, { details: { field } });
}
