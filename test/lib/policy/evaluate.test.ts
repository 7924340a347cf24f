import fs from 'node:fs';
import { validateContract, type GovernanceInputV1 } from '../../../lib/contracts';
import {
  evaluateGovernance,
  loadGovernanceEvaluator,
  verifyPolicyBundle,
  type GovernanceEvaluator,
} from '../../../lib/policy';
import { buildSigned, changeInput, diagnoseInput, rollbackInput, tempDir } from './support';

type Input = GovernanceInputV1;
const hosts = (n: number, region = 'eu-west-1'): Input['targets'] =>
  Array.from({ length: n }, (_, i) => ({ host: `web-${i + 1}`, region }));

/** Real wasm evaluation of the real bundle, built and verified once for the file. */
describe('evaluateGovernance', () => {
  let dir: string;
  let gov: GovernanceEvaluator;

  beforeAll(async () => {
    dir = tempDir();
    const built = await buildSigned(dir);
    const started = process.hrtime.bigint();
    gov = await loadGovernanceEvaluator(await verifyPolicyBundle(built.bytes, built.trust));
    console.log(`verify + wasm load: ${Number(process.hrtime.bigint() - started) / 1e6} ms`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('allows a signed, staged, in-window change by the pipeline, and says which bundle decided', () => {
    const decision = evaluateGovernance(gov, changeInput());
    expect(decision).toEqual({
      allow: true,
      deny: [],
      read_only_ok: false,
      action_class: 'mutating',
      emergency: false,
      policy: { revision: 'test-rev-1', bundle_sha256: gov.bundle.sha256, key_id: 'hale-policy-test' },
    });
    expect(validateContract('governance.decision.v1', decision)).toBe(decision);
    expect(gov.evaluate(rollbackInput())).toMatchObject({
      allow: true,
      read_only_ok: true,
      action_class: 'read_only',
    });
    expect(gov.evaluate(diagnoseInput())).toMatchObject({ allow: true, read_only_ok: true });
  });

  const cases: [string, (i: Input) => Input][] = [
    ['constitution.rollback_staged', (i) => ({ ...i, rollback: { ...i.rollback!, staged: false } })],
    [
      'constitution.artifact_signed',
      (i) => ({ ...i, artifact: { ...i.artifact!, signature_verified: false } }),
    ],
    ['constitution.ledger_intact', (i) => ({ ...i, change: { disables_ledger: true } })],
    [
      'sovereignty.host_region',
      (i) => ({ ...i, service: { ...i.service, data_class: 'pii-eu' }, targets: hosts(1, 'us-east-1') }),
    ],
    ['sovereignty.artifact_region', (i) => ({ ...i, artifact: { ...i.artifact!, region: 'ap-south-1' } })],
    [
      'sovereignty.unknown_data_class',
      (i) => ({ ...i, service: { ...i.service, data_class: 'top-secret' } }),
    ],
    [
      'blast_radius.max_hosts',
      (i) => ({ ...i, service: { ...i.service, total_hosts: 100 }, targets: hosts(6) }),
    ],
    ['blast_radius.max_fraction', (i) => ({ ...i, targets: hosts(3) })],
    ['change_window.closed', (i) => ({ ...i, now: '2026-03-07T20:00:00Z' })],
    ['change_window.freeze', (i) => ({ ...i, now: '2026-12-24T10:00:00Z' })],
    ['rbac.launch_role', (i) => ({ ...i, actor: { id: 'dev@example.com', roles: ['developer'] } })],
    [
      'rbac.approve_role',
      (i) => ({ ...i, intent: 'approve', actor: { id: 'sre@example.com', roles: ['sre'] } }),
    ],
    [
      'rbac.self_approval',
      (i) => ({ ...i, intent: 'approve', actor: { id: 'rca-agent@1.4', roles: ['sre-lead'] } }),
    ],
    ['governance.unknown_environment', (i) => ({ ...i, environment: 'moon' })],
  ];

  it.each(cases)('denies with %s, naming the rule', (rule, change) => {
    const decision = evaluateGovernance(gov, change(changeInput()));
    expect(decision.allow).toBe(false);
    expect(decision.read_only_ok).toBe(false);
    expect(decision.deny.map((d) => d.rule)).toEqual([rule]);
    expect(decision.deny[0]?.message.length).toBeGreaterThan(10);
  });

  it('lists every rule that fired, sorted by rule then message', () => {
    const decision = gov.evaluate({
      ...changeInput(),
      now: '2026-03-07T20:00:00Z',
      targets: hosts(6, 'ap-south-1'),
    });
    expect(decision.deny.map((d) => d.rule)).toEqual([
      'blast_radius.max_fraction',
      'blast_radius.max_hosts',
      'change_window.closed',
      'sovereignty.host_region',
    ]);
    expect(decision.deny[3]?.message).toBe(
      'hosts web-1, web-2, web-3, web-4, web-5 and 1 more are in regions ap-south-1, not allowed for internal data',
    );
  });

  it.each([
    ['a missing field', (i: Record<string, unknown>) => delete i.now, '/now', 'required'],
    [
      'a local clock',
      (i: Record<string, unknown>) => (i.now = '2026-03-03T10:15:00+01:00'),
      '/now',
      'pattern',
    ],
    ['an unknown action', (i: Record<string, unknown>) => (i.action = 'reboot_fleet'), '/action', 'enum'],
    ['an unknown field', (i: Record<string, unknown>) => (i.force = true), '/force', 'additionalProperties'],
    [
      'a target without a region',
      (i: Record<string, unknown>) => (i.targets = [{ host: 'web-1' }]),
      '/targets/0/region',
      'required',
    ],
    [
      'hosts as a string',
      (i: Record<string, unknown>) => ((i.service as Record<string, unknown>).total_hosts = '8'),
      '/service/total_hosts',
      'type',
    ],
    ['no targets', (i: Record<string, unknown>) => (i.targets = []), '/targets', 'minItems'],
  ])('refuses %s as POLICY_INPUT_INVALID naming the field', (_what, edit, pointer, rule) => {
    const input = changeInput() as unknown as Record<string, unknown>;
    edit(input);
    let err: unknown;
    try {
      gov.evaluate(input);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'POLICY_INPUT_INVALID', details: { pointer, rule } });
    expect((err as Error).message).toContain(pointer);
  });

  it('evaluates 1000 decisions quickly (p50, p95, p99 printed)', () => {
    const input = changeInput();
    const times: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t = process.hrtime.bigint();
      evaluateGovernance(gov, input);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    const p = (q: number): number => times[Math.floor(q * (times.length - 1))] as number;
    console.log(
      `evaluateGovernance over 1000: p50 ${p(0.5).toFixed(3)} ms, p95 ${p(0.95).toFixed(3)} ms, p99 ${p(0.99).toFixed(3)} ms`,
    );
    expect(p(0.5)).toBeLessThan(20);
  });
});
