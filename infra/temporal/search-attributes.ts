/** Hale's search attributes (all Keyword). Names are a wire contract: never rename. */
export const HALE_SEARCH_ATTRIBUTES = [
  'HaleService',
  'HaleHost',
  'HaleOs',
  'HaleStage',
  'HaleOutcome',
] as const;
export type HaleSearchAttribute = (typeof HALE_SEARCH_ATTRIBUTES)[number];
