// Contracts: the JSON Schemas in schemas/ (source of truth), their generated types, and validation.
export { validateContract, isValidContract, schemaFor } from './validate';
export { contractNames, isContractName } from './registry';
export type { ContractName, ContractTypes } from './registry';
export { ContractError } from './errors';
export type { ContractErrorCode, ContractErrorDetails } from './errors';
export { createAjv } from './ajv';
export { describeAjvError, escapePointerSegment, pointerSegments } from './describe-error';
export type { SchemaFailure } from './describe-error';
export type * from '../../schemas/types.generated';
