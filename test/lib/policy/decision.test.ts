import { EMERGENCY_RULE } from '../../../lib/policy';
import { shapeDecision } from '../../../lib/policy/decision';

const ctx = {
  emergency: false,
  verifiedAt: '2026-03-03T09:00:00.000Z',
  policy: { revision: 'r', bundle_sha256: `sha256:${'a'.repeat(64)}`, key_id: 'k' },
};
const allowed = { allow: true, deny: [], read_only_ok: false, action_class: 'mutating' };
const denied = (rules: string[]) => ({
  ...allowed,
  allow: false,
  deny: rules.map((rule) => ({ rule, message: `${rule} fired` })),
});

/** What Hale does with the policy's raw answer (no wasm needed): sort, provenance, emergency, fail closed. */
describe('shapeDecision', () => {
  it('sorts denials by rule then message and adds the provenance', () => {
    const decision = shapeDecision(denied(['rbac.launch_role', 'blast_radius.max_hosts']), ctx);
    expect(decision.deny.map((d) => d.rule)).toEqual(['blast_radius.max_hosts', 'rbac.launch_role']);
    expect(decision).toMatchObject({ emergency: false, policy: ctx.policy });
  });

  it('in emergency mode allows only read_only_ok, and names the emergency rule for a mutating action', () => {
    const e = { ...ctx, emergency: true };
    const change = shapeDecision(allowed, e);
    expect(change).toMatchObject({ allow: false, emergency: true });
    expect(change.deny.map((d) => d.rule)).toEqual([EMERGENCY_RULE]);
    const rollback = shapeDecision({ ...allowed, read_only_ok: true, action_class: 'read_only' }, e);
    expect(rollback).toMatchObject({ allow: true, deny: [], emergency: true });
  });

  it.each([
    ['not an object', [allowed]],
    ['an extra field', { ...allowed, override: true }],
    ['a bad rule name', denied(['Not A Rule'])],
    ['an allow with denials', { ...denied(['rbac.launch_role']), allow: true }],
    ['a denial without a rule', { ...allowed, allow: false }],
    ['a missing field', { allow: true, deny: [] }],
  ])('refuses %s as POLICY_DECISION_INVALID', (_what, raw) => {
    expect(() => shapeDecision(raw, ctx)).toThrow(
      expect.objectContaining({ code: 'POLICY_DECISION_INVALID' }),
    );
  });
});
