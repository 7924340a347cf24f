import { HaleError } from '../../../lib/errors';

/**
 * Codes of the systemd driver outside start/stop/health (those keep `ServiceDriverError`'s
 * SERVICE_* codes, with systemd's reason in `details.reason`). Tests assert the code, never the message.
 */
export type SystemdErrorCode =
  // refused before anything runs
  | 'SYSTEMD_UNIT_INVALID'
  | 'SYSTEMD_DROPIN_INVALID'
  | 'SYSTEMD_SNAPSHOT_INVALID'
  // systemctl said no
  | 'SYSTEMD_UNAVAILABLE'
  | 'SYSTEMD_COMMAND_FAILED'
  | 'SYSTEMD_RELOAD_FAILED'
  | 'SYSTEMD_DAEMON_RELOAD_FAILED'
  | 'SYSTEMD_DROPIN_NOT_LOADED'
  // systemctl answered something we cannot read
  | 'SYSTEMD_OUTPUT_UNPARSABLE';

export class SystemdError extends HaleError<SystemdErrorCode> {}
