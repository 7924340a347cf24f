import { HaleError } from '../../../lib/errors';

export type SysctlCode =
  | 'SYSCTL_NAME_INVALID'
  | 'SYSCTL_KEY_INVALID'
  | 'SYSCTL_VALUE_INVALID'
  | 'SYSCTL_SNAPSHOT_INVALID'
  | 'SYSCTL_APPLY_FAILED';

export class SysctlError extends HaleError<SysctlCode> {}
