import { contractNames, isContractName, validateContract } from '../../lib/contracts';
import { contractExamples } from './doc-examples';

describe('docs/contracts.md examples', () => {
  const examples = contractExamples();

  it('has exactly one example per contract, and only for known contracts', () => {
    const documented = examples.map((e) => e.contract).sort();
    expect(documented).toEqual([...contractNames].sort());
  });

  it.each(examples.map((e) => [e.contract, e] as const))('%s example is valid', (name, example) => {
    if (!isContractName(name)) throw new Error(`docs/contracts.md:${example.line}: unknown contract ${name}`);
    const doc: unknown = JSON.parse(example.text);
    // On failure the thrown ContractError names the pointer and rule.
    expect(validateContract(name, doc)).toBe(doc);
  });
});
