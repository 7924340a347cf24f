import { UsageError } from './usage-error';

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
  /** Everything after `--`. */
  rest: string[];
}

/** Parses `a b --flag value --flag=value --bool -- rest…`; `booleans` never take a value. */
export function parseArgs(argv: string[], booleans: readonly string[] = []): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: {}, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.rest = argv.slice(i + 1);
      break;
    }
    if (!arg.startsWith('--')) {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) out.flags[name] = arg.slice(eq + 1);
    else if (booleans.includes(name)) out.flags[name] = true;
    else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      out.flags[name] = value;
      i++;
    }
  }
  return out;
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

export function checkFlags(args: ParsedArgs, allowed: readonly string[]): void {
  const unknown = Object.keys(args.flags).filter((f) => !allowed.includes(f));
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]}`);
}
