import { validateContract } from '../../../lib/contracts';
import { exampleOf } from '../../schemas/doc-examples';

/** docs/contracts.md's l1.consensus.result.v1 example before file-level voting, verbatim. */
const hypothesisVote = {
  id: '7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f',
  hypothesis_id: '5a1c2e3f-4b5d-4c6e-8f70-81a2b3c4d5e6',
  anomaly_id: '0b6f1f5e-2d7c-4f8e-9a1b-3c4d5e6f7a80',
  decided_at: '2025-06-01T12:07:00Z',
  votes: [
    {
      voter: 'metrics-analyst',
      verdict: 'accept',
      reasons: ['pool wait time rose at 12:01'],
      evidence_refs: ['prom://demo-api/db_pool_wait_seconds?range=15m'],
      weight: 0.9,
    },
    { voter: 'change-auditor', verdict: 'accept', reasons: ['only change in the window'], evidence_refs: [] },
    { voter: 'log-analyst', verdict: 'abstain', reasons: [], evidence_refs: [] },
  ],
  quorum: { rule: 'majority', needed: 2, cast: 2, accepts: 2, rejects: 0, abstains: 1, vetoes: 0, met: true },
  outcome: 'accepted',
};

describe('l1.consensus.result.v1 stays compatible', () => {
  it('a hypothesis vote (the earlier form) is still valid; one of the two bindings is required', () => {
    expect(validateContract('l1.consensus.result.v1', hypothesisVote)).toBe(hypothesisVote);
    const { hypothesis_id: _dropped, ...neither } = hypothesisVote;
    expect(() => validateContract('l1.consensus.result.v1', neither)).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ pointer: '/hypothesis_id', rule: 'required' }),
      }),
    );
    expect(() =>
      validateContract('l1.consensus.result.v1', { ...neither, request_id: 'rem-1-demo' }),
    ).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'dependentRequired' }) }));
    const fileLevel = exampleOf('l1.consensus.result.v1');
    expect(fileLevel.request_id).toBe('rem-2025-06-01-demo-api-1');
    expect(() =>
      validateContract('l1.consensus.result.v1', {
        ...fileLevel,
        quorum: { ...(fileLevel.quorum as object), rule: 'k_of_m' },
      }),
    ).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ pointer: '/quorum/rule', rule: 'enum' }),
      }),
    );
  });
});
