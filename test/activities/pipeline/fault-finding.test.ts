import { faultFinding } from '../../../activities/pipeline/votes';
import type { RouterFaultResult } from '../../../runner-agents/linux/blue-green';

/**
 * The control plane's judgement of the router fault probe. `passing` has the shape and the figures
 * of a real probe (test/runner-agents/blue-green-verify.test.ts runs it against a real router);
 * each case changes the one figure that must make it reject.
 */
const passing: RouterFaultResult = {
  kind: 'router-fault',
  fault: { latency_ms: 400, error_rate: 0.5 },
  live: { sent: 40, errors: 0, p95_ms: 12 },
  during: { samples: 40, green_errors: 0, status_mismatches: 20, body_mismatches: 0, green_p95_ms: 409 },
  after: { samples: 40, green_errors: 0, status_mismatches: 0, body_mismatches: 3, green_p95_ms: 6 },
};

const withChange = (change: (r: RouterFaultResult) => void): RouterFaultResult => {
  const r = structuredClone(passing);
  change(r);
  return r;
};

describe('faultFinding (l2:chaos, router fault on green)', () => {
  it('accepts when live clients were unaffected, the comparison noticed and green recovered', () => {
    const f = faultFinding(passing);
    expect(f.ok).toBe(true);
    expect(f.reason).toContain('live clients unaffected (40 requests, p95 12 ms)');
    expect(f.reason).toContain('flagged 20/40');
  });

  it.each([
    ['no probe result (an older runner)', undefined, 'inconclusive: no router fault probe result'],
    [
      'the probe failed',
      withChange((r) => (r.error = { code: 'ROUTER_UNREACHABLE', message: 'gone' })),
      'did not finish: ROUTER_UNREACHABLE',
    ],
    ['nothing compared during the fault', withChange((r) => (r.during.samples = 0)), 'inconclusive'],
    ['nothing compared after it', withChange((r) => (r.after.samples = 0)), 'inconclusive'],
    ['live errors', withChange((r) => (r.live.errors = 2)), 'reached live clients: 2/40'],
    ['live p95 at the injected latency', withChange((r) => (r.live.p95_ms = 401)), "on the clients' path"],
    ['no live latency figure', withChange((r) => (r.live.p95_ms = null)), "on the clients' path"],
    ['refusals not flagged', withChange((r) => (r.during.status_mismatches = 0)), 'did not notice'],
    ['latency not seen', withChange((r) => (r.during.green_p95_ms = 30)), 'did not notice'],
    [
      'green still refusing after the fault',
      withChange((r) => (r.after.green_errors = 1)),
      'did not recover: 1/40',
    ],
    [
      'green answering another status after it',
      withChange((r) => (r.after.status_mismatches = 4)),
      'did not recover: 4/40',
    ],
  ])('rejects: %s', (_what, result, reason) => {
    const f = faultFinding(result);
    expect(f.ok).toBe(false);
    expect(f.reason).toContain(reason);
  });
});
