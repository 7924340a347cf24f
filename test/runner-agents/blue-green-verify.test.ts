import http from 'node:http';
import path from 'node:path';
import { freePort } from '../../lib/net';
import { faultFinding } from '../../activities/pipeline/votes';
import type {
  ChaosResult,
  LoadComparison,
  RouterFaultResult,
  TestsResult,
} from '../../runner-agents/linux/blue-green';
import { RouterClient } from '../../runner-agents/linux/traffic-router';
import { blueGreenRunnerFixture, type BlueGreenRunnerFixture } from './blue-green/runner-fixture';

const INTEGRATION_TEST = path.resolve(
  __dirname,
  '..',
  '..',
  'infra',
  'examples',
  'demo-api',
  'integration_test.py',
);

interface Verified {
  tests: TestsResult;
  load: LoadComparison;
  chaos: ChaosResult;
  fault: RouterFaultResult;
}

describe('deploy verify: integration tests in bubblewrap, load on blue and green, restart of green (real router, venvs, processes)', () => {
  let bg: BlueGreenRunnerFixture;
  let decoy: http.Server;
  const svc = { name: 'demo-api' };

  /** Live traffic through the router the whole time: every answer, and which demo_lib gave it. */
  function liveTraffic() {
    let running = true;
    const answers: string[] = [];
    const loop = (async () => {
      while (running) {
        const r = await fetch(`${bg.router.url}/health`).catch((err: Error) => err);
        answers.push(
          r instanceof Error
            ? `error ${r.message}`
            : `${r.status} ${((await r.json()) as { demo_lib: string }).demo_lib}`,
        );
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return answers;
      },
    };
  }

  beforeAll(async () => {
    // The tests' port is taken on the host by a decoy that fails every check: they can pass only by
    // reaching the service inside the sandbox's own network namespace.
    const port = await freePort();
    decoy = http.createServer((_req, res) => res.writeHead(503).end('host decoy'));
    await new Promise<void>((resolve) => decoy.listen(port, '127.0.0.1', resolve));
    bg = await blueGreenRunnerFixture({
      tests: { command: ['{venv}/bin/python', INTEGRATION_TEST], timeoutMs: 30_000, port },
    });
  });
  afterAll(async () => {
    await bg?.dispose();
    await new Promise((resolve) => decoy?.close(resolve));
  });

  it('a good candidate: tests pass in the sandbox, both slots take the load, green recovers from a restart; blue serves all live traffic', async () => {
    expect(await bg.runner.deploy(svc, 'stage', bg.f.lock('1.0.1'))).toMatchObject({ status: 'staged' });
    const greenBefore = bg.slotDriver('b').status().state;
    const live = liveTraffic();
    const r = await bg.runner.deploy(svc, 'verify', undefined, {
      verify: { paths: ['/health', '/api/price'] },
    });
    const answers = await live.stop();

    expect(r).toMatchObject({ service: 'demo-api', step: 'verify', status: 'done' });
    const d = r.detail as unknown as Verified;
    expect(d.tests).toMatchObject({ ran: true, ok: true, exit_code: 0 });
    expect(d.tests.output_tail).toContain('ok   POST /orders');
    expect(d.tests.output_tail).toContain('all integration checks passed');
    expect(d.load.baseline).toMatchObject({ url: `http://127.0.0.1:${bg.slots.a}/`, sent: 200, errors: 0 });
    expect(d.load.candidate).toMatchObject({ url: `http://127.0.0.1:${bg.slots.b}/`, sent: 200, errors: 0 });
    expect(d.load.baseline.ok).toBeGreaterThan(0);
    expect(d.load.candidate.ok).toBeGreaterThan(0);
    expect(d.load.candidate.p95_ms).toEqual(expect.any(Number));
    expect(d.chaos).toMatchObject({ kind: 'restart', ok: true });
    expect(d.chaos.recovery_ms).toBeGreaterThan(0);
    expect(d.chaos.requests).toBeGreaterThan(d.chaos.failed);
    // green really restarted (a new process on the same environment); blue was not touched
    const greenAfter = bg.slotDriver('b').status();
    expect(greenAfter.running).toBe(true);
    expect(greenAfter.state?.pid).not.toBe(greenBefore?.pid);
    expect(greenAfter.state?.venv).toBe(greenBefore?.venv);
    expect(answers.length).toBeGreaterThan(20);
    expect(new Set(answers)).toEqual(new Set(['200 1.0.0']));
    // the router fault on green: live clients (blue) unaffected, the comparison noticed, green recovered
    expect(d.fault).toMatchObject({ kind: 'router-fault', fault: { latency_ms: 400, error_rate: 0.5 } });
    expect(d.fault.error).toBeUndefined();
    expect(d.fault.live.sent).toBeGreaterThan(0);
    expect(d.fault.live.errors).toBe(0);
    expect(d.fault.live.p95_ms).toBeLessThan(400);
    expect(d.fault.during.samples).toBeGreaterThan(0);
    expect(d.fault.during.status_mismatches).toBeGreaterThan(0); // the injected 503s
    expect(d.fault.during.green_p95_ms).toBeGreaterThanOrEqual(400);
    expect(d.fault.after.samples).toBeGreaterThan(0);
    expect(d.fault.after).toMatchObject({ green_errors: 0, status_mismatches: 0 });
    expect(faultFinding(d.fault)).toMatchObject({ ok: true });
    // mirroring back as stage left it, no fault left on green, counters reset, traffic still on blue
    const state = await new RouterClient(bg.router.socketPath).state();
    expect(state).toMatchObject({ active: 'blue', shadow: { sample: 1, mirroring: true }, faults: {} });
    await bg.runner.deploy(svc, 'abort');
  });

  it('a router that mirrors none of the verify requests: the fault probe has no samples, which is inconclusive (rejects)', async () => {
    expect(await bg.runner.deploy(svc, 'stage', bg.f.lock('1.0.1'))).toMatchObject({ status: 'staged' });
    const router = new RouterClient(bg.router.socketPath);
    const { methods, paths } = (await router.state()).shadow;
    await router.setShadow({ methods: [], paths: ['/not-verified'] });
    try {
      const verify = { requests: 20, fault: { latency_ms: 150, error_rate: 0.2 } };
      const r = await bg.runner.deploy(svc, 'verify', undefined, { verify });
      const d = r.detail as unknown as Verified;
      expect(d.fault.fault).toEqual({ latency_ms: 150, error_rate: 0.2 }); // hale.yaml router_fault
      expect(d.fault.live).toMatchObject({ errors: 0 });
      expect(d.fault.during.samples).toBe(0);
      const finding = faultFinding(d.fault);
      expect(finding.ok).toBe(false);
      expect(finding.reason).toContain('inconclusive');
      expect(finding.reason).toContain('blue_green.shadow');
    } finally {
      await router.setShadow({ methods, paths });
      await bg.runner.deploy(svc, 'abort');
    }
  });

  it('a candidate whose POST /orders fails: tests.ok false naming the check; a promoted candidate is not verified', async () => {
    expect(await bg.runner.deploy(svc, 'stage', bg.f.lock('1.0.4'))).toMatchObject({ status: 'staged' });
    const r = await bg.runner.deploy(svc, 'verify', undefined, { verify: { requests: 20 } });
    expect(r.status).toBe('done');
    const d = r.detail as unknown as Verified;
    expect(d.tests).toMatchObject({ ran: true, ok: false, exit_code: 1 });
    expect(d.tests.output_tail).toContain('FAIL POST /orders: HTTP 500');
    expect(d.tests.output_tail).toContain('orders broken');
    expect(d.tests.output_tail).not.toContain('all integration checks passed');
    expect(d.load.candidate).toMatchObject({ sent: 20, errors: 0 }); // GET /health is fine: only measured

    await bg.runner.deploy(svc, 'promote');
    const pid = bg.slotDriver('b').status().state?.pid;
    expect(await bg.runner.deploy(svc, 'verify')).toMatchObject({
      status: 'failed',
      detail: { error: { code: 'DEPLOY_NOT_STAGED' } },
    });
    expect(bg.slotDriver('b').status().state?.pid).toBe(pid); // the live green was not restarted
    await bg.runner.deploy(svc, 'rollback');
  });

  it('verify with nothing staged fails with DEPLOY_NOT_STAGED; bad options with DEPLOY_OPTIONS_INVALID', async () => {
    expect(await bg.runner.deploy(svc, 'verify')).toMatchObject({
      service: 'demo-api',
      step: 'verify',
      status: 'failed',
      detail: { error: { code: 'DEPLOY_NOT_STAGED' } },
    });
    for (const verify of [{ requests: 0 }, { concurrency: 33 }, { paths: ['//10.0.0.1/'] }, { paths: [] }]) {
      expect(await bg.runner.deploy(svc, 'verify', undefined, { verify })).toMatchObject({
        status: 'failed',
        detail: { error: { code: 'DEPLOY_OPTIONS_INVALID' } },
      });
    }
    for (const [fault, field] of [
      [{ latency_ms: 50, error_rate: 0.5 }, 'fault.latency_ms'],
      [{ latency_ms: 400, error_rate: 0 }, 'fault.error_rate'],
      [{ latency_ms: 400 }, 'fault.error_rate'],
    ] as const) {
      const verify = { fault: fault as { latency_ms: number; error_rate: number } };
      const r = await bg.runner.deploy(svc, 'verify', undefined, { verify });
      expect(r).toMatchObject({ status: 'failed', detail: { error: { code: 'DEPLOY_OPTIONS_INVALID' } } });
      expect((r.detail.error as { message: string }).message).toContain(`verify.${field}`);
    }
  });
});
