import { createOfflineReviewer, OFFLINE_REVIEWER_ID } from '../../../../lib/l1';
import { change, never, packageLock, requirementsLock } from '../helpers';

const review = createOfflineReviewer();
const pipChange = (old: [string, string][], next: [string, string][]) =>
  change({
    lockfile: { file_name: 'requirements.lock', old: requirementsLock(old), new: requirementsLock(next) },
  });

describe('offline heuristic reviewer', () => {
  it('is labelled as the offline heuristic and accepts a small patch-level upgrade', async () => {
    const vote = await review.vote(pipChange([['requests', '2.31.0']], [['requests', '2.32.3']]), never);
    expect(vote.voter).toBe('reviewer:offline-heuristic');
    expect(vote.voter).toBe(OFFLINE_REVIEWER_ID);
    expect(vote.verdict).toBe('accept');
    expect(vote.reasons[0]).toBe('offline heuristic review (deterministic rules, no model consulted)');
    expect(vote.reasons).toContain('size: 1 package change(s), 0 file(s), 0 line(s)');
  });

  it('blocks a major-version jump, a downgrade and a pre-release', async () => {
    const vote = await review.vote(
      pipChange(
        [
          ['requests', '2.31.0'],
          ['urllib3', '2.2.2'],
          ['flask', '2.3.3'],
        ],
        [
          ['requests', '3.0.0'],
          ['urllib3', '2.0.7'],
          ['flask', '3.1.0rc1'],
        ],
      ),
      never,
    );
    expect(vote.verdict).toBe('reject');
    expect(vote.reasons).toEqual(
      expect.arrayContaining([
        'blocks: major-version jump: requests 2.31.0 → 3.0.0',
        'blocks: downgrade: urllib3 2.2.2 → 2.0.7',
        'blocks: pre-release locked: flask 3.1.0rc1',
      ]),
    );
  });

  it('blocks a new npm install script and notes removed packages', async () => {
    const old = packageLock([
      { name: 'left-pad', version: '1.3.0' },
      { name: 'esbuild', version: '0.20.0' },
    ]);
    const next = packageLock([{ name: 'esbuild', version: '0.20.2', hasInstallScript: true }]);
    const vote = await review.vote(
      change({ lockfile: { file_name: 'package-lock.json', old, new: next } }),
      never,
    );
    expect(vote.verdict).toBe('reject');
    expect(vote.reasons).toEqual(
      expect.arrayContaining([
        'blocks: new install script: node_modules/esbuild has hasInstallScript',
        'note: 1 package(s) removed (limit 5): left-pad 1.3.0',
      ]),
    );
    const same = await review.vote(
      change({ lockfile: { file_name: 'package-lock.json', old: next, new: next } }),
      never,
    );
    expect(same.verdict).toBe('accept');
  });

  it('blocks changes above the size limits, and says which limit', async () => {
    const many = Array.from({ length: 7 }, (_, i) => [`pkg${i}`, '1.0.0'] as [string, string]);
    const added = await review.vote(pipChange([], many), never);
    expect(added.reasons).toContain(
      'blocks: 7 package(s) added (limit 5): pkg0 1.0.0, pkg1 1.0.0, pkg2 1.0.0, pkg3 1.0.0, pkg4 1.0.0, pkg5 1.0.0, pkg6 1.0.0',
    );
    const big = 'x = 1\n'.repeat(450);
    const lines = await review.vote(
      change({ files: [{ path: 'app/big.py', content: big, previous: '' }] }),
      never,
    );
    expect(lines.verdict).toBe('reject');
    expect(lines.reasons).toContain('blocks: 450 lines change in 1 file(s) (limit 400)');
    const roomy = createOfflineReviewer({ limits: { max_changed_lines: 1000 } });
    expect(
      (await roomy.vote(change({ files: [{ path: 'app/big.py', content: big, previous: '' }] }), never))
        .verdict,
    ).toBe('accept');
  });

  it('abstains when it cannot read the lock, and never vetoes', async () => {
    const vote = await review.vote(
      change({ lockfile: { file_name: 'requirements.lock', new: 'requests>=2\n' } }),
      never,
    );
    expect(vote.verdict).toBe('abstain');
    expect(vote.reasons[1]).toMatch(/^cannot review the lock: requirements\.lock:1: not-pinned/);
  });
});
