import path from 'node:path';
import { resolveBandit } from '../../../infra/tools';
import { isValidContract } from '../../../lib/contracts';
import {
  createL1Voters,
  l1Consensus,
  L1Error,
  loadOsvSnapshotFile,
  validateL1Config,
  type L1Voter,
  type OsvSnapshot,
} from '../../../lib/l1';
import { change, fixtureFile, fixtures, requirementsLock } from './helpers';

const clock = () => new Date('2026-12-02T12:00:00.000Z');

describe('l1Consensus with the real voters', () => {
  let osv: OsvSnapshot;
  let bandit: string;
  beforeAll(async () => {
    osv = await loadOsvSnapshotFile(path.join(fixtures, 'osv', 'snapshot.json'));
    bandit = (await resolveBandit({ build: false })).path;
  });
  const voters = () => createL1Voters(validateL1Config({}), { osv, bandit, now: clock });
  const oldLock = requirementsLock([
    ['requests', '2.31.0'],
    ['jinja2', '3.1.3'],
  ]);

  it('accepts a clean change: three accepts, a valid l1.consensus.result.v1 bound to the request', async () => {
    const input = change({
      lockfile: {
        file_name: 'requirements.lock',
        old: oldLock,
        new: requirementsLock([
          ['requests', '2.32.3'],
          ['jinja2', '3.1.4'],
        ]),
      },
      files: [
        fixtureFile('python/clean/app/health.py', 'app/health.py'),
        fixtureFile('js/clean.js', 'web/clean.js'),
      ],
      policy: { allowed_ranges: { requests: '>=2.28,<3' }, security_floor: { jinja2: '3.1.3' } },
    });
    const result = await l1Consensus(input, {
      voters: voters(),
      now: clock,
      id: () => '6f1c2e3f-4b5d-4c6e-8f70-81a2b3c4d5e6',
    });
    expect(result).toMatchObject({
      id: '6f1c2e3f-4b5d-4c6e-8f70-81a2b3c4d5e6',
      request_id: input.request_id,
      artifact_digest: input.artifact_digest,
      decided_at: '2026-12-02T12:00:00.000Z',
      outcome: 'accepted',
      quorum: {
        rule: 'k_of_n',
        k: 2,
        n: 3,
        needed: 2,
        cast: 3,
        accepts: 3,
        met: true,
        veto_voters: ['security'],
        vetoed_by: [],
      },
    });
    expect(result.votes.map((v) => [v.voter, v.verdict])).toEqual([
      ['rules', 'accept'],
      ['security', 'accept'],
      ['reviewer:offline-heuristic', 'accept'],
    ]);
    expect(result.hypothesis_id).toBeUndefined();
    expect(isValidContract('l1.consensus.result.v1', result)).toBe(true);
  });

  it('a vulnerable dependency and shell=True: security vetoes although rules and reviewer accept', async () => {
    const input = change({
      lockfile: {
        file_name: 'requirements.lock',
        old: oldLock,
        new: requirementsLock([
          ['requests', '2.31.0'],
          ['jinja2', '2.10.1'],
        ]),
      },
      files: [fixtureFile('python/risky/app/jobs.py', 'app/jobs.py')],
    });
    const result = await l1Consensus(input, { voters: voters(), now: clock });
    expect(result.outcome).toBe('vetoed');
    expect(result.quorum.vetoed_by).toEqual(['security']);
    const security = result.votes.find((v) => v.voter === 'security');
    expect(security?.evidence_refs).toEqual(
      expect.arrayContaining(['osv://HALE-TEST-0001', 'bandit://B602/app/jobs.py#L9']),
    );
    // the offline reviewer blocks the downgrade jinja2 3.1.3 → 2.10.1; the rules voter has no policy to break
    expect(result.votes.find((v) => v.voter === 'reviewer:offline-heuristic')?.verdict).toBe('reject');
    expect(result.summary).toBe('demo-api: vetoed by security');
  });
});

describe('l1Consensus with stand-in voters (crashes, timeouts, quorum)', () => {
  const voter = (id: string, behave: () => Promise<unknown>): L1Voter => ({
    id,
    vote: async () => {
      const out = await behave();
      return out as never;
    },
  });
  const accept = (id: string) =>
    voter(id, async () => ({ voter: id, verdict: 'accept', reasons: ['fine'], evidence_refs: [] }));

  it('a crashing voter abstains with the reason; 2 accepts still decide', async () => {
    const crash = voter('security', () =>
      Promise.reject(new L1Error('SAST_FAILED', 'bandit exploded, token=abc123secret')),
    );
    const result = await l1Consensus(change(), {
      voters: [accept('rules'), crash, accept('reviewer:offline-heuristic')],
      now: clock,
    });
    expect(result.outcome).toBe('accepted');
    const vote = result.votes.find((v) => v.voter === 'security');
    expect(vote).toMatchObject({
      verdict: 'abstain',
      reasons: ['security crashed [SAST_FAILED]: bandit exploded, token=[REDACTED]'],
    });
  });

  it('a voter past its deadline abstains and is told to stop', async () => {
    let aborted = false;
    const slow: L1Voter = {
      id: 'reviewer:model:slow',
      vote: (_input, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve({
              voter: 'reviewer:model:slow',
              verdict: 'accept',
              reasons: ['late'],
              evidence_refs: [],
            });
          });
        }),
    };
    const runs: string[] = [];
    const result = await l1Consensus(change(), {
      voters: [accept('rules'), accept('security'), slow],
      timeout_ms: { reviewer: 50 },
      onVoter: (r) => runs.push(`${r.vote.voter} ${r.ended}`),
    });
    expect(result.votes[2]).toMatchObject({
      verdict: 'abstain',
      reasons: ['reviewer:model:slow timed out after 50 ms'],
    });
    expect(result.outcome).toBe('accepted');
    expect(aborted).toBe(true);
    expect(runs).toEqual(['rules voted', 'security voted', 'reviewer:model:slow timed_out']);
  });

  it('two abstentions leave no quorum; a voter answering for someone else is a crash', async () => {
    const impostor = voter('security', async () => ({
      voter: 'rules',
      verdict: 'accept',
      reasons: [],
      evidence_refs: [],
    }));
    const down = voter('reviewer:offline-heuristic', () => Promise.reject(new Error('boom')));
    const result = await l1Consensus(change(), { voters: [accept('rules'), impostor, down] });
    expect(result.outcome).toBe('no_quorum');
    expect(result.votes[1]?.reasons[0]).toBe('security crashed: voted as rules, expected security');
    expect(result.quorum).toMatchObject({ cast: 1, abstains: 2, met: false });
    const sloppy = voter('security', async () => ({ voter: 'security', verdict: 'accept', reasons: 'fine' }));
    const again = await l1Consensus(change(), { voters: [accept('rules'), sloppy] });
    expect(again.votes[1]).toMatchObject({
      verdict: 'abstain',
      reasons: ['security crashed: returned a malformed vote (verdict, reasons[], evidence_refs[])'],
    });
  });

  it('a configured quorum applies (3 of 3)', async () => {
    const reject = voter('reviewer:offline-heuristic', async () => ({
      voter: 'reviewer:offline-heuristic',
      verdict: 'reject',
      reasons: ['no'],
      evidence_refs: [],
    }));
    const quorum = validateL1Config({ quorum: { rule: 'k_of_n', k: 3 } }).quorum;
    const result = await l1Consensus(change(), {
      voters: [accept('rules'), accept('security'), reject],
      quorum,
    });
    expect(result).toMatchObject({ outcome: 'rejected', quorum: { k: 3, accepts: 2, rejects: 1 } });
  });

  it.each([
    [{ request_id: 'x' }, 'request_id'],
    [{ artifact_digest: 'sha256:nothex' }, 'artifact_digest'],
    [{ files: [{ path: '../etc/passwd', content: 'x' }] }, 'files[0].path'],
    [{ files: [{ path: '/abs.py', content: 'x' }] }, 'files[0].path'],
    [
      {
        files: [
          { path: 'a.py', content: 'x' },
          { path: 'a.py', content: 'y' },
        ],
      },
      'files[1].path',
    ],
  ])('refuses input %j naming %s', async (overrides, field) => {
    await expect(l1Consensus(change(overrides), { voters: [accept('rules')] })).rejects.toMatchObject({
      code: 'L1_INPUT_INVALID',
      details: { field },
    });
  });
});
