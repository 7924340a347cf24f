import { HaleError } from '../../../lib/errors';

/**
 * Codes of the Linux inventory. Tests assert the code, never the message.
 * - INVENTORY_ENV_MISSING: a service's venv or release directory does not exist; `details.path`.
 */
export type InventoryErrorCode = 'INVENTORY_ENV_MISSING';

export class InventoryError extends HaleError<InventoryErrorCode> {}
