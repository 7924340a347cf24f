import { checkFlags, parseArgs, stringFlag, type ParsedArgs } from '../args';
import { RouterClient, shadowVerdict, type UpstreamName } from '../../runner-agents/linux/traffic-router';
import { UsageError } from '../usage-error';

export const routerHelp = `hale router <action> --socket PATH [options]
  Talks to a service's traffic router over its control socket; prints JSON.
    state                               routes, shadow config, faults, stats per upstream
    compare                             the shadow comparison report
    switch blue|green                   atomic switch (in-flight requests finish where they started)
    rollback                            abort: blue serves 100 %, green is cleared
    upstream [--green URL|none] [--blue URL]
    shadow [--sample 0..1] [--methods GET,HEAD] [--paths "POST /search,/quote*"]
           [--ignore-fields ts,meta.version] [--body json|exact]
    fault blue|green [--latency-ms N] [--error-rate 0..1]   (no options = clear)
    reset                               new stats and compare window
    verdict --min-samples N [--max-p95-ratio 1.2] [--max-mismatch-rate 0.01] [--max-error-rate 0.01]
                                        exit 0 pass, 1 fail, 3 inconclusive (too few samples never pass)`;

function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

function num(args: ParsedArgs, name: string, fallback?: number): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${name} must be a number, got "${text}"`);
  return value;
}

function upstreamArg(args: ParsedArgs): UpstreamName {
  const name = args.positional[1];
  if (name !== 'blue' && name !== 'green') throw new UsageError(`say blue or green\n\n${routerHelp}`);
  return name;
}

const ACTIONS: Record<
  string,
  { flags: string[]; run: (c: RouterClient, a: ParsedArgs) => Promise<unknown> }
> = {
  state: { flags: [], run: (c) => c.state() },
  compare: { flags: [], run: (c) => c.compare() },
  switch: { flags: [], run: (c, a) => c.setActive(upstreamArg(a)) },
  rollback: { flags: [], run: (c) => c.abort() },
  reset: { flags: [], run: (c) => c.resetStats() },
  upstream: {
    flags: ['green', 'blue'],
    run: (c, a) => {
      const green = stringFlag(a, 'green');
      const blue = stringFlag(a, 'blue');
      if (green === undefined && blue === undefined)
        throw new UsageError('upstream needs --green and/or --blue');
      return c.setUpstreams({
        ...(green === undefined ? {} : { green: green === 'none' ? null : green }),
        ...(blue === undefined ? {} : { blue }),
      });
    },
  },
  shadow: {
    flags: ['sample', 'methods', 'paths', 'ignore-fields', 'body'],
    run: (c, a) => {
      const sample = num(a, 'sample');
      const methods = list(stringFlag(a, 'methods'));
      const paths = list(stringFlag(a, 'paths'));
      const ignore = list(stringFlag(a, 'ignore-fields'));
      const body = stringFlag(a, 'body');
      return c.setShadow({
        ...(sample === undefined ? {} : { sample }),
        ...(methods ? { methods } : {}),
        ...(paths ? { paths } : {}),
        ...(ignore ? { ignore_fields: ignore } : {}),
        ...(body === undefined ? {} : { body: body as 'json' | 'exact' }),
      });
    },
  },
  fault: {
    flags: ['latency-ms', 'error-rate'],
    run: (c, a) =>
      c.setFault({
        upstream: upstreamArg(a),
        latency_ms: num(a, 'latency-ms', 0) as number,
        error_rate: num(a, 'error-rate', 0) as number,
      }),
  },
};

async function verdict(client: RouterClient, args: ParsedArgs): Promise<number> {
  const minSamples = num(args, 'min-samples');
  if (minSamples === undefined) throw new UsageError('verdict needs --min-samples N');
  const result = shadowVerdict(await client.compare(), {
    minSamples,
    maxP95Ratio: num(args, 'max-p95-ratio', 1.2) as number,
    maxMismatchRate: num(args, 'max-mismatch-rate', 0.01) as number,
    maxErrorRate: num(args, 'max-error-rate', 0.01) as number,
  });
  console.log(JSON.stringify(result, null, 2));
  return result.verdict === 'pass' ? 0 : result.verdict === 'fail' ? 1 : 3;
}

/** `hale router …`: exit 0 on success, 1 when the router refused or is unreachable, 2 on usage errors. */
export async function routerCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    console.log(routerHelp);
    return argv.length === 0 ? 2 : 0;
  }
  const args = parseArgs(argv);
  const name = args.positional[0] ?? '';
  const verdictFlags = ['min-samples', 'max-p95-ratio', 'max-mismatch-rate', 'max-error-rate'];
  const action = ACTIONS[name];
  if (!action && name !== 'verdict') throw new UsageError(`unknown router action "${name}"\n\n${routerHelp}`);
  checkFlags(args, ['socket', ...(action ? action.flags : verdictFlags)]);
  const socket = stringFlag(args, 'socket');
  if (socket === undefined) throw new UsageError('--socket PATH is required (the router control socket)');
  const client = new RouterClient(socket);
  if (!action) return verdict(client, args);
  console.log(JSON.stringify(await action.run(client, args), null, 2));
  return 0;
}
