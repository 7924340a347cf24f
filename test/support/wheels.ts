import { writeWheel } from '../../lib/artifacts/packages/wheel-writer';

/**
 * Writes a valid pure-Python wheel (METADATA, WHEEL, RECORD with the real digests), for tests that
 * install with the real pip. Returns the path and its sha256. The production writer, under its old name.
 */
export const makeWheel = writeWheel;
