import { HaleError } from '../errors';

export type ContractErrorCode = 'CONTRACT_INVALID' | 'CONTRACT_UNKNOWN';

export interface ContractErrorDetails {
  /** Contract name, e.g. `remediation.request.v1`. */
  contract: string;
  /** JSON pointer of the failing value (`''` is the document itself). */
  pointer: string;
  /** The failing JSON Schema keyword, e.g. `pattern`; `unknown-contract` for CONTRACT_UNKNOWN. */
  rule: string;
}

/** A document does not satisfy its contract, or the contract name is not known. */
export class ContractError extends HaleError<ContractErrorCode> {
  declare readonly details: Readonly<ContractErrorDetails>;

  constructor(code: ContractErrorCode, message: string, details: ContractErrorDetails) {
    super(code, message, { details: { ...details } });
  }
}
