import { routerCommand } from '../../../cli/commands/router';
import { runCli } from '../../../cli/run';
import { eventually, request, routerFixture, servedBy, type Fixture } from './backends';

describe('hale router (CLI over the control socket)', () => {
  let f: Fixture;
  let out: string[];
  let log: jest.SpyInstance;
  let err: jest.SpyInstance;
  beforeAll(async () => {
    f = await routerFixture();
  });
  afterAll(async () => f.dispose());
  beforeEach(() => {
    out = [];
    log = jest.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    err = jest.spyOn(console, 'error').mockImplementation((s: string) => void out.push(s));
  });
  afterEach(() => {
    log.mockRestore();
    err.mockRestore();
  });
  const sock = () => ['--socket', f.router.socketPath];
  const lastJson = () => JSON.parse(out[out.length - 1] as string);

  it('switch, state and rollback', async () => {
    expect(await routerCommand(['switch', 'green', ...sock()])).toBe(0);
    expect(lastJson()).toMatchObject({ active: 'green' });
    expect(servedBy((await request(f.router.url)).body)).toBe('green');
    expect(await routerCommand(['rollback', ...sock()])).toBe(0);
    expect(lastJson()).toMatchObject({ active: 'blue', upstreams: { green: null } });
    expect(await routerCommand(['upstream', '--green', f.green.url, ...sock()])).toBe(0);
    expect(await routerCommand(['state', ...sock()])).toBe(0);
    expect(lastJson().upstreams.green).toBe(f.green.url);
  });

  it('shadow + verdict: inconclusive (exit 3) with too few samples, pass (exit 0) with enough', async () => {
    f.blue.answer = () => ({ body: '{"v":1}' });
    f.green.answer = () => ({ body: '{"v":1}' });
    expect(await routerCommand(['shadow', '--sample', '1', '--paths', 'POST /search', ...sock()])).toBe(0);
    expect(lastJson().shadow).toMatchObject({ sample: 1, paths: ['POST /search'], mirroring: true });
    await request(f.router.url);
    expect(await routerCommand(['verdict', '--min-samples', '5', ...sock()])).toBe(3);
    expect(lastJson()).toMatchObject({ verdict: 'inconclusive' });
    for (let i = 0; i < 5; i++) await request(f.router.url);
    await eventually(() => f.router.core.compare.report().samples === 6);
    expect(await routerCommand(['verdict', '--min-samples', '5', '--max-p95-ratio', '3', ...sock()])).toBe(0);
  });

  it('fault and reset', async () => {
    expect(await routerCommand(['fault', 'blue', '--error-rate', '1', ...sock()])).toBe(0);
    expect((await request(f.router.url)).status).toBe(503);
    expect(await routerCommand(['fault', 'blue', ...sock()])).toBe(0);
    expect(lastJson().faults).toEqual({});
    expect(await routerCommand(['reset', ...sock()])).toBe(0);
    expect(lastJson().stats.upstreams.blue.requests).toBe(0);
  });

  it('usage errors exit 2, a refusal from the router exits 1 with its code', async () => {
    expect(await runCli(['router', 'switch', 'purple', ...sock()])).toBe(2);
    expect(await runCli(['router', 'state'])).toBe(2);
    expect(await runCli(['router', 'fly', ...sock()])).toBe(2);
    expect(await runCli(['router', 'shadow', '--sample', 'lots', ...sock()])).toBe(2);
    expect(await runCli(['router', 'shadow', '--sample', '5', ...sock()])).toBe(1);
    expect(out.join('\n')).toMatch(/ROUTER_REJECTED: PUT \/shadow: 400 ROUTER_CONFIG_INVALID sample/);
    expect(await runCli(['router', 'state', '--socket', `${f.dir}/none.sock`])).toBe(1);
    expect(out.join('\n')).toMatch(/ROUTER_UNREACHABLE/);
  });
});
