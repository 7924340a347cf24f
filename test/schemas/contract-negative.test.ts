import { ContractError, isValidContract, validateContract, type ContractName } from '../../lib/contracts';
import { isHaleError } from '../../lib/errors';
import { exampleOf } from './doc-examples';

type Doc = Record<string, unknown>;

/** Validates and returns the thrown error (fails the test when nothing is thrown). */
function failure(name: ContractName, doc: unknown): ContractError {
  try {
    validateContract(name, doc);
  } catch (err) {
    if (err instanceof ContractError) return err;
    throw err;
  }
  throw new Error(`${name}: expected the document to be refused`);
}

function expectFailure(name: ContractName, doc: unknown, pointer: string, rule: string): ContractError {
  const err = failure(name, doc);
  expect({
    code: err.code,
    contract: err.details.contract,
    pointer: err.details.pointer,
    rule: err.details.rule,
  }).toEqual({
    code: 'CONTRACT_INVALID',
    contract: name,
    pointer,
    rule,
  });
  return err;
}

const request = (): Doc => exampleOf('remediation.request.v1');
const sign = (doc: Doc): Doc => doc.sign as Doc;

describe('remediation.request.v1 refusals', () => {
  it('names pointer and rule in the message', () => {
    const doc = request();
    doc.ops = ['rm -rf /'];
    const err = expectFailure('remediation.request.v1', doc, '/ops/0', 'pattern');
    expect(err.message).toMatch(
      /^remediation\.request\.v1: \/ops\/0 must match pattern ".+" \(rule: pattern\)$/,
    );
    expect(isHaleError(err)).toBe(true);
  });

  it('refuses an unknown top-level field', () => {
    expectFailure(
      'remediation.request.v1',
      { ...request(), approved: true },
      '/approved',
      'additionalProperties',
    );
  });

  it('refuses an unknown nested field', () => {
    const doc = request();
    sign(doc).trusted = true;
    expectFailure('remediation.request.v1', doc, '/sign/trusted', 'additionalProperties');
  });

  it('points at a missing required field', () => {
    const doc = request();
    delete sign(doc).digest;
    expectFailure('remediation.request.v1', doc, '/sign/digest', 'required');
    const top = request();
    delete top.rollback;
    expectFailure('remediation.request.v1', top, '/rollback', 'required');
  });

  it('requires signature and key_id for ecdsa-p256-sha256', () => {
    const doc = request();
    delete sign(doc).signature;
    expectFailure('remediation.request.v1', doc, '/sign/signature', 'required');
    const sha = request();
    sha.sign = { algo: 'sha256', digest: sign(sha).digest };
    expect(isValidContract('remediation.request.v1', sha)).toBe(true);
  });

  it.each(['ab', 'has space', '-leading-dash', 'x'.repeat(129), 'a/b/c'])('refuses id %p', (id) => {
    expectFailure(
      'remediation.request.v1',
      { ...request(), id },
      '/id',
      id.length > 128 ? 'maxLength' : 'pattern',
    );
  });

  it.each([
    'local://../etc/passwd',
    'local://patches/../../secret',
    'local://patches/..',
    'local:///etc/passwd',
    'local://a//b',
    'local://./a',
    'file:///etc/passwd',
    'local://',
    'local://a\\..\\b',
  ])('refuses artifact_ref %p', (ref) => {
    expectFailure('remediation.request.v1', { ...request(), artifact_ref: ref }, '/artifact_ref', 'pattern');
  });

  it.each(['local://a', 'local://patches/v1.2/fix..diff', 'local://.config/x'])(
    'accepts artifact_ref %p',
    (ref) => {
      expect(isValidContract('remediation.request.v1', { ...request(), artifact_ref: ref })).toBe(true);
    },
  );

  it.each(['restart:', 'restart:Demo', 'restart:../x', 'delete', 'apply_patch '])('refuses op %p', (op) => {
    expectFailure('remediation.request.v1', { ...request(), ops: ['apply_patch', op] }, '/ops/1', 'pattern');
  });

  it('refuses empty and oversized ops', () => {
    expectFailure('remediation.request.v1', { ...request(), ops: [] }, '/ops', 'minItems');
    expectFailure(
      'remediation.request.v1',
      { ...request(), ops: Array(33).fill('apply_patch') },
      '/ops',
      'maxItems',
    );
    const huge = request();
    (huge.preflight as Doc).tests = Array(100_000).fill('t');
    expectFailure('remediation.request.v1', huge, '/preflight/tests', 'maxItems');
  });

  it('refuses bad enums, digests and oversized strings', () => {
    expectFailure('remediation.request.v1', { ...request(), os: 'solaris' }, '/os', 'enum');
    const algo = request();
    sign(algo).algo = 'md5';
    expectFailure('remediation.request.v1', algo, '/sign/algo', 'enum');
    const digest = request();
    sign(digest).digest = 'sha256:ABC';
    expectFailure('remediation.request.v1', digest, '/sign/digest', 'pattern');
    expectFailure(
      'remediation.request.v1',
      { ...request(), reason: 'x'.repeat(2001) },
      '/reason',
      'maxLength',
    );
  });

  it('refuses a document that is not an object', () => {
    for (const doc of [null, [], 'x', 42]) expectFailure('remediation.request.v1', doc, '', 'type');
  });
});

describe('other contracts', () => {
  it('runner.result.v1: status enum, nullable snapshot, metrics names and values', () => {
    expect(isValidContract('runner.result.v1', { ...exampleOf('runner.result.v1'), snapshot: null })).toBe(
      true,
    );
    expect(
      isValidContract('runner.result.v1', { ...exampleOf('runner.result.v1'), status: 'deferred' }),
    ).toBe(true);
    expectFailure(
      'runner.result.v1',
      { ...exampleOf('runner.result.v1'), status: 'done' },
      '/status',
      'enum',
    );
    expectFailure('runner.result.v1', { ...exampleOf('runner.result.v1'), snapshot: 5 }, '/snapshot', 'type');
    expectFailure(
      'runner.result.v1',
      { ...exampleOf('runner.result.v1'), metrics: { 'Bad Key': 1 } },
      '/metrics/Bad Key',
      'propertyNames',
    );
    expectFailure(
      'runner.result.v1',
      { ...exampleOf('runner.result.v1'), metrics: { ok: '1' } },
      '/metrics/ok',
      'type',
    );
  });

  it('rca.hypothesis.v1: confidence range, evidence, annotations', () => {
    expectFailure(
      'rca.hypothesis.v1',
      { ...exampleOf('rca.hypothesis.v1'), confidence: 1.5 },
      '/confidence',
      'maximum',
    );
    expectFailure(
      'rca.hypothesis.v1',
      { ...exampleOf('rca.hypothesis.v1'), evidence_refs: [] },
      '/evidence_refs',
      'minItems',
    );
    const doc = exampleOf('rca.hypothesis.v1');
    delete (doc.annotations as Doc).EXPLANATION_NL;
    expectFailure('rca.hypothesis.v1', doc, '/annotations/EXPLANATION_NL', 'required');
  });

  it('l1/l2 consensus: verdict enum and vote bounds', () => {
    const l1 = exampleOf('l1.consensus.result.v1');
    ((l1.votes as Doc[])[0] as Doc).verdict = 'maybe';
    expectFailure('l1.consensus.result.v1', l1, '/votes/0/verdict', 'enum');
    const l2 = exampleOf('l2.consensus.result.v1');
    l2.votes = Array(33).fill((l2.votes as Doc[])[0]);
    expectFailure('l2.consensus.result.v1', l2, '/votes', 'maxItems');
  });

  it('formats: uuid and date-time', () => {
    expectFailure(
      'kpi.trust.update.v1',
      { ...exampleOf('kpi.trust.update.v1'), id: 'not-a-uuid' },
      '/id',
      'format',
    );
    expectFailure(
      'slo.anomaly.detected.v1',
      { ...exampleOf('slo.anomaly.detected.v1'), detected_at: '2025-06-01 12:00' },
      '/detected_at',
      'format',
    );
    expectFailure(
      'shard.probe.v1',
      { ...exampleOf('shard.probe.v1'), probed_at: '2025-06-01T12:00:00' },
      '/probed_at',
      'format',
    );
  });

  it('shard.probe.v1: null python version, empty gpu list, negative bytes', () => {
    const probe = exampleOf('shard.probe.v1');
    probe.python = { version: null };
    expect(isValidContract('shard.probe.v1', probe)).toBe(true);
    probe.disk = [{ mount: '/', total_bytes: -1, free_bytes: 0 }];
    expectFailure('shard.probe.v1', probe, '/disk/0/total_bytes', 'minimum');
  });

  it('unknown contract name is CONTRACT_UNKNOWN', () => {
    const err = failure('nope.v1' as ContractName, {});
    expect(err.code).toBe('CONTRACT_UNKNOWN');
    expect(() => isValidContract('nope.v1' as ContractName, {})).toThrow(ContractError);
  });
});
