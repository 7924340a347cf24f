import { HaleError, isHaleError } from '../../../lib/errors';

/**
 * Codes of the traffic router. Tests assert the code, never the message.
 * - ROUTER_CONFIG_INVALID: the config file or a control request has a bad field; `details.field` names it.
 * - ROUTER_STATE_INVALID: the persisted route state file cannot be read back; `details.field` names the part.
 * - ROUTER_CONFLICT: a valid request that the current routes refuse (switch to an unset upstream,
 *   clear the active one); `details.field` names the field.
 * - ROUTER_LISTEN_FAILED: the public port or the control socket could not be bound.
 * - ROUTER_UNREACHABLE: the client could not reach the control socket (no router, stale socket).
 * - ROUTER_TIMEOUT: the control socket did not answer in time.
 * - ROUTER_REJECTED: the router answered a control call with an error; `details` carries its code and field.
 */
export type RouterErrorCode =
  | 'ROUTER_CONFIG_INVALID'
  | 'ROUTER_STATE_INVALID'
  | 'ROUTER_CONFLICT'
  | 'ROUTER_LISTEN_FAILED'
  | 'ROUTER_UNREACHABLE'
  | 'ROUTER_TIMEOUT'
  | 'ROUTER_REJECTED';

export class RouterError extends HaleError<RouterErrorCode> {}

/** A bad field in a config file or a control request. */
export function fieldError(field: string, message: string): RouterError {
  return new RouterError('ROUTER_CONFIG_INVALID', `${field}: ${message}`, { details: { field } });
}

export function conflictError(field: string, message: string): RouterError {
  return new RouterError('ROUTER_CONFLICT', `${field}: ${message}`, { details: { field } });
}

/** True when `err` is a RouterError (by shape, so it also works across realms). */
export function isRouterError(err: unknown): err is RouterError {
  return isHaleError(err) && err.code.startsWith('ROUTER_');
}
