import type Ajv2020 from 'ajv/dist/2020';
import type { SchemaObject, ValidateFunction } from 'ajv';
import { createAjv } from './ajv';
import { describeAjvError } from './describe-error';
import { ContractError } from './errors';
import { contractSchemas, isContractName, type ContractName, type ContractTypes } from './registry';

let ajv: Ajv2020 | undefined;
const validators = new Map<ContractName, ValidateFunction>();

function unknownContract(name: unknown): ContractError {
  const shown = String(name).slice(0, 100);
  return new ContractError('CONTRACT_UNKNOWN', `unknown contract "${shown}"`, {
    contract: shown,
    pointer: '',
    rule: 'unknown-contract',
  });
}

/** Compiles each contract's schema once, on first use. */
function validatorFor(name: ContractName): ValidateFunction {
  if (!isContractName(name)) throw unknownContract(name);
  let validate = validators.get(name);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(contractSchemas[name]);
    validators.set(name, validate);
  }
  return validate;
}

/**
 * Returns `doc` typed as contract `name`, or throws ContractError `CONTRACT_INVALID` naming the
 * first failure: `remediation.request.v1: /ops/0 must match pattern "…" (rule: pattern)`.
 * Throws `CONTRACT_UNKNOWN` for a name that is not a contract.
 */
export function validateContract<N extends ContractName>(name: N, doc: unknown): ContractTypes[N] {
  const validate = validatorFor(name);
  if (validate(doc)) return doc as ContractTypes[N];
  const first = validate.errors?.[0];
  const failure = first ? describeAjvError(first) : { pointer: '', rule: 'schema', text: 'is invalid' };
  const where = failure.pointer === '' ? '(document)' : failure.pointer;
  throw new ContractError('CONTRACT_INVALID', `${name}: ${where} ${failure.text} (rule: ${failure.rule})`, {
    contract: name,
    pointer: failure.pointer,
    rule: failure.rule,
  });
}

/** True when `doc` satisfies contract `name` (narrows its type). */
export function isValidContract<N extends ContractName>(name: N, doc: unknown): doc is ContractTypes[N] {
  return validatorFor(name)(doc);
}

/** A copy of contract `name`'s JSON Schema (e.g. for the API server to register). */
export function schemaFor(name: ContractName): SchemaObject {
  if (!isContractName(name)) throw unknownContract(name);
  return structuredClone(contractSchemas[name]);
}
