import { ContractError, isValidContract, validateContract } from '../../lib/contracts';
import { exampleOf } from './doc-examples';

type Doc = Record<string, unknown>;

/** The documented action turned into a deploy step (with `extra` fields). */
function deploy(extra: Doc): Doc {
  const doc = exampleOf('runner.action.v1');
  doc.action = { ...(doc.action as Doc), kind: 'deploy', deploy: 'verify', ...extra };
  return doc;
}

function refusal(doc: Doc): { pointer: unknown; rule: unknown } {
  try {
    validateContract('runner.action.v1', doc);
  } catch (err) {
    if (err instanceof ContractError) return { pointer: err.details.pointer, rule: err.details.rule };
    throw err;
  }
  throw new Error('expected the action to be refused');
}

describe('runner.action.v1: deploy verify and its load options', () => {
  it('keeps old deploy actions valid and accepts verify with or without options', () => {
    expect(isValidContract('runner.action.v1', exampleOf('runner.action.v1'))).toBe(true);
    expect(isValidContract('runner.action.v1', deploy({ deploy: 'stage' }))).toBe(true);
    expect(isValidContract('runner.action.v1', deploy({}))).toBe(true);
    expect(
      isValidContract(
        'runner.action.v1',
        deploy({
          verify: {
            requests: 5000,
            concurrency: 32,
            paths: ['/health', '/api/price?x=1'],
            fault: { latency_ms: 100, error_rate: 1 },
          },
        }),
      ),
    ).toBe(true);
  });

  it.each([
    [{ requests: 0 }, '/action/verify/requests', 'minimum'],
    [{ requests: 5001 }, '/action/verify/requests', 'maximum'],
    [{ requests: 1.5 }, '/action/verify/requests', 'type'],
    [{ concurrency: 33 }, '/action/verify/concurrency', 'maximum'],
    [{ paths: [] }, '/action/verify/paths', 'minItems'],
    [{ paths: ['health'] }, '/action/verify/paths/0', 'pattern'],
    [{ paths: ['//10.0.0.1/'] }, '/action/verify/paths/0', 'pattern'],
    [{ paths: ['/a b'] }, '/action/verify/paths/0', 'pattern'],
    [{ method: 'POST' }, '/action/verify/method', 'additionalProperties'],
    [{ fault: { latency_ms: 99, error_rate: 0.5 } }, '/action/verify/fault/latency_ms', 'minimum'],
    [{ fault: { latency_ms: 400, error_rate: 0 } }, '/action/verify/fault/error_rate', 'minimum'],
    [{ fault: { latency_ms: 400 } }, '/action/verify/fault/error_rate', 'required'],
  ])('refuses verify %j at %s (%s)', (verify, pointer, rule) => {
    expect(refusal(deploy({ verify }))).toEqual({ pointer, rule });
  });
});
