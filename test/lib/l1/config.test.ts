import { createL1Voters, validateL1Config } from '../../../lib/l1';

describe('validateL1Config', () => {
  it.each([
    [{ quorum: { rule: 'k_of_n' } }, 'QUORUM_CONFIG_INVALID', 'l1.quorum.k'],
    [{ reviewer: { kind: 'gpt' } }, 'L1_CONFIG_INVALID', 'l1.reviewer.kind'],
    [{ reviewer: { kind: 'http', url: 'ftp://x', model: 'm' } }, 'L1_CONFIG_INVALID', 'l1.reviewer.url'],
    [
      { reviewer: { kind: 'http', url: 'http://127.0.0.1:1', model: 'm', api_key: 'sk-x' } },
      'L1_CONFIG_INVALID',
      'l1.reviewer.api_key',
    ],
    [
      { reviewer: { kind: 'offline', limits: { max_changed_lines: 0 } } },
      'L1_CONFIG_INVALID',
      'l1.reviewer.limits.max_changed_lines',
    ],
    [
      { security: { thresholds: { osv_veto_at: 'SEVERE' } } },
      'L1_CONFIG_INVALID',
      'l1.security.thresholds.osv_veto_at',
    ],
    [
      { security: { thresholds: { bandit_veto_at: { severity: 'HUGE' } } } },
      'L1_CONFIG_INVALID',
      'l1.security.thresholds.bandit_veto_at.severity',
    ],
    [{ timeout_ms: { security: -1 } }, 'L1_CONFIG_INVALID', 'l1.timeout_ms.security'],
    [{ rules: { on_violation: 'ignore' } }, 'L1_CONFIG_INVALID', 'l1.rules.on_violation'],
    [{ voters: 3 }, 'L1_CONFIG_INVALID', 'l1.voters'],
  ])('%j → %s at %s', (value, code, field) => {
    expect(() => validateL1Config(value)).toThrow(
      expect.objectContaining({ code, details: expect.objectContaining({ field }) }),
    );
  });

  it('defaults to 2 of 3 with a security veto, the offline reviewer and 120 s per voter', () => {
    const config = validateL1Config();
    expect(config).toMatchObject({
      quorum: { rule: 'k_of_n', k: 2, n: 3, veto: ['security'] },
      reviewer: { kind: 'offline' },
      timeout_ms: 120000,
    });
    expect(createL1Voters(config).map((v) => v.id)).toEqual([
      'rules',
      'security',
      'reviewer:offline-heuristic',
    ]);
    const http = validateL1Config({
      reviewer: {
        kind: 'http',
        url: 'http://127.0.0.1:8080',
        model: 'local-7b',
        api_key_env: 'HALE_REVIEWER_KEY',
      },
    });
    expect(createL1Voters(http).map((v) => v.id)[2]).toBe('reviewer:model:local-7b');
  });
});
