import path from 'node:path';
import { deploySettingsOf } from '../../../activities/pipeline/admit';
import { loadConfig } from '../../../lib/config';
import { expectConfigError, tempDirs, validLines, writeYaml } from './temp-config';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const load = (lines: string[]) => {
  const dir = dirs.make();
  const file = writeYaml(dir, lines);
  return { dir, file, load: () => loadConfig({ path: file, env: {} }) };
};

/** validLines (service demo-api, python) plus a blue_green section: line 10 is `blue_green:`. */
const withBlueGreen = (...more: string[]) => [
  ...validLines,
  '    blue_green:',
  '      port: 8090',
  '      slots: [18081, 18082]',
  ...more,
];

describe('hale.yaml services[].blue_green', () => {
  it('fills every default and camelCases it, the gate as the router ShadowGate', () => {
    const config = load(withBlueGreen()).load();
    expect(config.services[0]?.blueGreen).toEqual({
      port: 8090,
      slots: { a: 18081, b: 18082 },
      healthPath: '/health',
      shadow: {
        sample: 1,
        methods: ['GET', 'HEAD'],
        paths: [],
        ignoreFields: [],
        windowMs: 3000,
        gate: { minSamples: 20, maxP95Ratio: 1.5, maxMismatchRate: 0, maxErrorRate: 0 },
      },
      watch: { windowMs: 5000, pollMs: 500, minSamples: 20 },
      armedWindowMs: 0,
      perfBudget: { maxP95Ratio: 1.5, p95SlackMs: 5, maxErrorRateIncrease: 0.01, minSamples: 50 },
      verifyLoad: { requests: 200, concurrency: 4, paths: ['/health'] },
      routerFault: { latencyMs: 400, errorRate: 0.5 },
    });
  });

  it('keeps what is written, approval_timeout_ms included', () => {
    const config = load(
      withBlueGreen(
        '      health_path: /ready',
        '      shadow: { sample: 0.5, methods: [GET], paths: ["POST /search"], ignore_fields: [ts], window_ms: 2000, min_samples: 5, max_p95_ratio: 2, max_mismatch_rate: 0.1, max_error_rate: 0.05 }',
        '      watch: { window_ms: 4000, poll_ms: 250, min_samples: 7 }',
        '      approval_timeout_ms: 600000',
        '      armed_window_ms: 30000',
        '      perf_budget: { max_p95_ratio: 2, p95_slack_ms: 50, max_error_rate_increase: 0, min_samples: 20, paths: [/ready, "/api/price?currency=eur"], requests: 400, concurrency: 8 }',
        '      tests: { command: ["{venv}/bin/python", "it.py"] }',
        '      router_fault: { latency_ms: 250, error_rate: 0.2 }',
      ),
    ).load();
    expect(config.services[0]?.blueGreen).toEqual({
      port: 8090,
      slots: { a: 18081, b: 18082 },
      healthPath: '/ready',
      shadow: {
        sample: 0.5,
        methods: ['GET'],
        paths: ['POST /search'],
        ignoreFields: ['ts'],
        windowMs: 2000,
        gate: { minSamples: 5, maxP95Ratio: 2, maxMismatchRate: 0.1, maxErrorRate: 0.05 },
      },
      watch: { windowMs: 4000, pollMs: 250, minSamples: 7 },
      approvalTimeoutMs: 600000,
      armedWindowMs: 30000,
      perfBudget: { maxP95Ratio: 2, p95SlackMs: 50, maxErrorRateIncrease: 0, minSamples: 20 },
      verifyLoad: { requests: 400, concurrency: 8, paths: ['/ready', '/api/price?currency=eur'] },
      routerFault: { latencyMs: 250, errorRate: 0.2 },
      tests: { command: ['{venv}/bin/python', 'it.py'], timeoutMs: 60000, port: 18999 },
    });
  });

  it('is absent on a service without the section', () => {
    expect(load(validLines).load().services[0]?.blueGreen).toBeUndefined();
  });

  it('equal slots are an error at the second slot', () => {
    const { file, load: run } = load([...withBlueGreen().slice(0, 11), '      slots: [18081, 18081]']);
    const err = expectConfigError(run, 'CONFIG_INVALID', {
      file,
      line: 12,
      field: 'services[0].blue_green.slots[1]',
      rule: 'unique',
    });
    expect(err.details.column).toBe(22);
    expect(err.message).toBe(
      `${file}:12:22: services[0].blue_green.slots[1] must differ from slot a (18081) (rule: unique)`,
    );
  });

  it('a slot on the router port is an error at that slot', () => {
    const lines = [...withBlueGreen().slice(0, 11), '      slots: [8090, 18082]'];
    expectConfigError(load(lines).load, 'CONFIG_INVALID', {
      line: 12,
      field: 'services[0].blue_green.slots[0]',
      rule: 'unique',
    });
  });

  it('a sample above 1 is an error at the key', () => {
    const lines = withBlueGreen('      shadow:', '        sample: 2');
    expectConfigError(load(lines).load, 'CONFIG_INVALID', {
      line: 14,
      column: 9,
      field: 'services[0].blue_green.shadow.sample',
      rule: 'maximum',
    });
  });

  it('the verify load follows health_path when perf_budget.paths is absent', () => {
    const config = load(withBlueGreen('      health_path: /ready')).load();
    expect(config.services[0]?.blueGreen?.verifyLoad.paths).toEqual(['/ready']);
  });

  it("the change plan's verify load is the configured one (what the runner's verify step runs)", () => {
    const config = load(
      withBlueGreen(
        '      perf_budget: { paths: [/health, /api/price], requests: 300, concurrency: 2 }',
        '      router_fault: { latency_ms: 300, error_rate: 0.25 }',
      ),
    ).load();
    const service = config.services[0];
    expect(service && deploySettingsOf(service)?.verify).toEqual({
      requests: 300,
      concurrency: 2,
      paths: ['/health', '/api/price'],
      fault: { latency_ms: 300, error_rate: 0.25 },
    });
  });

  it('a router fault without refusals is an error at error_rate (the probe could not be noticed)', () => {
    const lines = withBlueGreen('      router_fault:', '        error_rate: 0');
    expectConfigError(load(lines).load, 'CONFIG_INVALID', {
      line: 14,
      field: 'services[0].blue_green.router_fault.error_rate',
      rule: 'minimum',
    });
  });

  it('a perf_budget path without a leading / is an error at that path', () => {
    const lines = withBlueGreen(
      '      perf_budget:',
      '        paths:',
      '          - /health',
      '          - api/price',
    );
    expectConfigError(load(lines).load, 'CONFIG_INVALID', {
      line: 16,
      field: 'services[0].blue_green.perf_budget.paths[1]',
      rule: 'pattern',
    });
  });

  it('one slot only is an error', () => {
    const lines = [...withBlueGreen().slice(0, 11), '      slots: [18081]'];
    expectConfigError(load(lines).load, 'CONFIG_INVALID', {
      line: 12,
      field: 'services[0].blue_green.slots',
      rule: 'minItems',
    });
  });

  it('on a node service it is an error naming the field, the file and the line', () => {
    const lines = withBlueGreen();
    lines[6] = '    kind: node';
    const { file, load: run } = load(lines);
    const err = expectConfigError(run, 'CONFIG_INVALID', {
      file,
      line: 10,
      column: 5,
      field: 'services[0].blue_green',
      rule: 'kind',
    });
    expect(err.message).toBe(
      `${file}:10:5: services[0].blue_green is allowed only for kind python, not "node" (rule: kind)`,
    );
  });
});

describe('hale.yaml pipeline', () => {
  it('defaults when the section is absent: signed requests required, no keys, no bundle', () => {
    expect(load(validLines).load().pipeline).toEqual({
      requestKeys: [],
      requireSignedRequests: true,
      governance: { trustedKeys: [] },
    });
  });

  it('resolves key and bundle paths against the config file directory', () => {
    const { dir, load: run } = load([
      'pipeline:',
      '  request_keys: [keys/requester.pub, /etc/hale/other.pub]',
      '  require_signed_requests: false',
      '  governance:',
      '    bundle: policy/bundle.tar.gz',
      '    trusted_keys: [keys/policy.pub]',
      '    environment: staging',
    ]);
    expect(run().pipeline).toEqual({
      requestKeys: [path.join(dir, 'keys', 'requester.pub'), '/etc/hale/other.pub'],
      requireSignedRequests: false,
      governance: {
        bundle: path.join(dir, 'policy', 'bundle.tar.gz'),
        trustedKeys: [path.join(dir, 'keys', 'policy.pub')],
        environment: 'staging',
      },
    });
  });

  it('a non-boolean require_signed_requests is an error at its line', () => {
    expectConfigError(
      load(['pipeline:', '  request_keys: []', '  require_signed_requests: maybe']).load,
      'CONFIG_INVALID',
      { line: 3, field: 'pipeline.require_signed_requests', rule: 'type' },
    );
  });
});
