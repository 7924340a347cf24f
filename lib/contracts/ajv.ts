import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Options } from 'ajv';

/**
 * The one Ajv set-up Hale uses for its JSON Schemas (draft 2020-12): strict, with formats
 * (date-time, uuid, …). Union types (`["string", "null"]`) are allowed; they map cleanly to TypeScript.
 */
export function createAjv(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: false, allowUnionTypes: true, ...options });
  addFormats(ajv);
  return ajv;
}
