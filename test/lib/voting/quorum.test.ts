import {
  DEFAULT_QUORUM,
  decideQuorum,
  validateQuorumConfig,
  VotingError,
  type Verdict,
  type Vote,
} from '../../../lib/voting';

const vote = (voter: string, verdict: Verdict): Vote => ({ voter, verdict, reasons: [], evidence_refs: [] });
const three = (rules: Verdict, security: Verdict, reviewer: Verdict): Vote[] => [
  vote('rules', rules),
  vote('security', security),
  vote('reviewer:offline-heuristic', reviewer),
];

function configError(value: unknown): VotingError {
  try {
    validateQuorumConfig(value);
  } catch (err) {
    if (err instanceof VotingError) return err;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('decideQuorum with the default (2 of 3, security can veto)', () => {
  const decide = (votes: Vote[]) => decideQuorum(votes, DEFAULT_QUORUM);

  it('accepts with 2 accepts of 3, even over one reject', () => {
    const d = decide(three('accept', 'accept', 'reject'));
    expect(d.outcome).toBe('accepted');
    expect(d.quorum).toMatchObject({
      rule: 'k_of_n',
      k: 2,
      n: 3,
      needed: 2,
      cast: 3,
      accepts: 2,
      rejects: 1,
      met: true,
    });
  });

  it('accepts with 2 accepts and 1 abstention (abstentions are not counted)', () => {
    const d = decide(three('accept', 'accept', 'abstain'));
    expect(d.outcome).toBe('accepted');
    expect(d.quorum).toMatchObject({ cast: 2, abstains: 1 });
  });

  it('rejects with one accept, one reject and one abstention', () => {
    expect(decide(three('accept', 'reject', 'abstain')).outcome).toBe('rejected');
  });

  it('a security veto wins over two accepts', () => {
    const d = decide(three('accept', 'veto', 'accept'));
    expect(d.outcome).toBe('vetoed');
    expect(d.quorum).toMatchObject({ vetoes: 1, vetoed_by: ['security'], veto_voters: ['security'] });
    expect(d.summary).toBe('vetoed by security');
  });

  it('a security veto wins even without a quorum', () => {
    expect(decide(three('abstain', 'veto', 'abstain')).outcome).toBe('vetoed');
  });

  it('a veto from a voter without veto power counts as a reject', () => {
    const accepted = decide(three('accept', 'accept', 'veto'));
    expect(accepted.outcome).toBe('accepted');
    expect(accepted.quorum).toMatchObject({ vetoes: 1, vetoed_by: [], cast: 3 });
    expect(decide(three('accept', 'abstain', 'veto')).outcome).toBe('rejected');
  });

  it('is no_quorum with one counted vote, and counts missing voters as abstentions', () => {
    const d = decide(three('accept', 'abstain', 'abstain'));
    expect(d.outcome).toBe('no_quorum');
    expect(d.quorum).toMatchObject({ met: false, cast: 1, needed: 2, abstains: 2 });
    const missing = decide([vote('rules', 'accept')]);
    expect(missing.outcome).toBe('no_quorum');
    expect(missing.quorum.abstains).toBe(2);
    expect(decide([]).outcome).toBe('no_quorum');
  });

  it('matches veto power by voter kind (security:osv) or exact id', () => {
    expect(decide([vote('security:osv', 'veto'), vote('rules', 'accept')]).outcome).toBe('vetoed');
    const byId = validateQuorumConfig({ rule: 'k_of_n', k: 2, veto: ['reviewer:model:x'] });
    expect(
      decideQuorum(
        [vote('reviewer:model:x', 'veto'), vote('rules', 'accept'), vote('security', 'accept')],
        byId,
      ).outcome,
    ).toBe('vetoed');
    expect(
      decideQuorum(
        [vote('reviewer:model:y', 'veto'), vote('rules', 'accept'), vote('security', 'accept')],
        byId,
      ).outcome,
    ).toBe('accepted');
  });

  it('refuses duplicate voters and more voters than n', () => {
    expect(() => decide([vote('rules', 'accept'), vote('rules', 'accept')])).toThrow(
      expect.objectContaining({
        code: 'VOTE_DUPLICATE',
        details: expect.objectContaining({ field: 'votes[1].voter' }),
      }),
    );
    expect(() => decide([...three('accept', 'accept', 'accept'), vote('extra', 'accept')])).toThrow(
      expect.objectContaining({ code: 'VOTE_INVALID' }),
    );
    expect(() => decide([{ ...vote('rules', 'accept'), verdict: 'maybe' as Verdict }])).toThrow(
      expect.objectContaining({
        code: 'VOTE_INVALID',
        details: expect.objectContaining({ field: 'votes[0].verdict' }),
      }),
    );
  });
});

describe('other rules', () => {
  const five = (accepts: number, rejects: number, abstains = 0): Vote[] => [
    ...Array.from({ length: accepts }, (_, i) => vote(`a${i}`, 'accept')),
    ...Array.from({ length: rejects }, (_, i) => vote(`r${i}`, 'reject')),
    ...Array.from({ length: abstains }, (_, i) => vote(`n${i}`, 'abstain')),
  ];

  it('majority needs more than half of the counted votes', () => {
    const c = validateQuorumConfig({ rule: 'majority', n: 5, veto: [] });
    expect(decideQuorum(five(3, 2), c).outcome).toBe('accepted');
    expect(decideQuorum(five(2, 2, 1), c).outcome).toBe('rejected');
    expect(decideQuorum(five(2, 0, 3), c)).toMatchObject({ outcome: 'no_quorum', quorum: { needed: 3 } });
  });

  it('supermajority needs two thirds', () => {
    const c = validateQuorumConfig({ rule: 'supermajority', n: 5, veto: [] });
    expect(decideQuorum(five(4, 1), c).outcome).toBe('accepted');
    expect(decideQuorum(five(3, 2), c).outcome).toBe('rejected');
  });

  it('unanimous refuses a single reject', () => {
    const c = validateQuorumConfig({ rule: 'unanimous', n: 3, min_votes: 3, veto: [] });
    expect(decideQuorum(five(3, 0), c).outcome).toBe('accepted');
    expect(decideQuorum(five(2, 1), c).outcome).toBe('rejected');
    expect(decideQuorum(five(2, 0, 1), c).outcome).toBe('no_quorum');
  });

  it('k_of_n with min_votes above k needs that many counted votes', () => {
    const c = validateQuorumConfig({ rule: 'k_of_n', n: 3, k: 2, min_votes: 3 });
    expect(decideQuorum(three('accept', 'accept', 'abstain'), c).outcome).toBe('no_quorum');
    expect(decideQuorum(three('accept', 'accept', 'reject'), c).outcome).toBe('accepted');
  });
});

describe('validateQuorumConfig', () => {
  it('fills n 3 and veto [security]; an explicit [] gives nobody veto power', () => {
    expect(validateQuorumConfig({ rule: 'k_of_n', k: 2 })).toEqual({
      rule: 'k_of_n',
      n: 3,
      k: 2,
      veto: ['security'],
    });
    expect(validateQuorumConfig({ rule: 'majority', veto: [] }).veto).toEqual([]);
  });

  it.each([
    [{ rule: 'most' }, 'quorum.rule'],
    [{ rule: 'k_of_n' }, 'quorum.k'],
    [{ rule: 'k_of_n', k: 4 }, 'quorum.k'],
    [{ rule: 'k_of_n', k: 0 }, 'quorum.k'],
    [{ rule: 'k_of_n', k: 1.5 }, 'quorum.k'],
    [{ rule: 'majority', k: 2 }, 'quorum.k'],
    [{ rule: 'k_of_n', k: 2, n: 0 }, 'quorum.n'],
    [{ rule: 'k_of_n', k: 2, min_votes: 1 }, 'quorum.min_votes'],
    [{ rule: 'k_of_n', k: 2, min_votes: 4 }, 'quorum.min_votes'],
    [{ rule: 'k_of_n', k: 2, veto: 'security' }, 'quorum.veto'],
    [{ rule: 'k_of_n', k: 2, veto: ['security', 'security'] }, 'quorum.veto[1]'],
    [{ rule: 'k_of_n', k: 2, veto: ['bad id!'] }, 'quorum.veto[0]'],
    [{ rule: 'k_of_n', k: 2, vetoes: [] }, 'quorum.vetoes'],
  ])('%j is refused naming %s', (value, field) => {
    const err = configError(value);
    expect(err.code).toBe('QUORUM_CONFIG_INVALID');
    expect(err.details.field).toBe(field);
    expect(err.message.startsWith(`${field}: `)).toBe(true);
  });

  it('refuses a non-object', () => {
    expect(configError('2 of 3').details.field).toBe('quorum');
  });
});
