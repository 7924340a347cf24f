import fs from 'node:fs';
import { constants } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import type { SandboxPolicy } from '../../runner-agents/api';
import {
  DEFAULT_TIMEOUT_MS,
  SandboxError,
  bwrapSpec,
  findBwrap,
  parsePolicy,
  runSandboxed,
} from '../../runner-agents/linux/sandbox';
import { UsageError } from '../usage-error';

export const runnerHelp = `hale runner sandbox [--policy FILE.json] [--writable DIR]… -- CMD [ARG…]
  Runs CMD in exactly the sandbox a preflight gets (bubblewrap): read-only root, no network, own
  pid/ipc/uts namespaces, cleared environment. Without --policy: a fresh temporary staging directory
  (removed afterwards) is writable and the working directory. --policy reads a JSON SandboxPolicy
  ({"writable": [...], "hidden": [...], "cwd": "...", "env": {...}, "timeoutMs": N}); each --writable
  adds a writable directory. The spec (JSON) goes to stderr first; stdout is the command's.
  Exit: the command's status (128+N if killed by signal N, 137 on timeout); 2 bad policy or usage;
  1 SANDBOX_UNAVAILABLE (install bubblewrap).`;

interface SandboxArgs {
  policyFile?: string;
  writable: string[];
  cmd: string[];
}

/** Own parser: --writable repeats, and everything after `--` is the command verbatim. */
function parseSandboxArgs(argv: string[]): SandboxArgs | 'help' {
  const out: SandboxArgs = { writable: [], cmd: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.cmd = argv.slice(i + 1);
      return out;
    }
    if (arg === '--help' || arg === '-h') return 'help';
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    if (name !== '--policy' && name !== '--writable')
      throw new UsageError(`unknown argument ${arg}\n\n${runnerHelp}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (name === '--policy') out.policyFile = value;
    else out.writable.push(path.resolve(value));
  }
  return out;
}

function readPolicyFile(file: string): SandboxPolicy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read policy file ${file}: ${(err as Error).message}`);
  }
  try {
    return parsePolicy(JSON.parse(text) as unknown);
  } catch (err) {
    if (err instanceof SyntaxError) throw new UsageError(`${file}: not valid JSON: ${err.message}`);
    throw err;
  }
}

function exitStatus(exitCode: number | null, signal: string | null): number {
  if (exitCode !== null) return exitCode;
  const n = signal === null ? undefined : constants.signals[signal as NodeJS.Signals];
  return 128 + (n ?? 0);
}

async function sandboxCommand(argv: string[]): Promise<number> {
  const args = parseSandboxArgs(argv);
  if (args === 'help') {
    console.log(runnerHelp);
    return 0;
  }
  if (args.cmd.length === 0) throw new UsageError(`no command: put it after --\n\n${runnerHelp}`);
  const staging = args.policyFile ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'hale-staging-'));
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const base = args.policyFile ? readPolicyFile(args.policyFile) : { writable: [staging as string] };
    const policy: SandboxPolicy = { ...base, writable: [...base.writable, ...args.writable] };
    // Printed before running, so a bad policy fails here and the spec is the first line of stderr.
    const spec = bwrapSpec(args.cmd, policy, { bwrap: findBwrap() });
    process.stderr.write(`${JSON.stringify(spec)}\n`);
    const result = await runSandboxed(args.cmd, policy, {
      bwrap: spec.argv[0],
      maxOutputBytes: 0, // streamed, not kept
      onStdout: (chunk) => process.stdout.write(chunk),
      onStderr: (chunk) => process.stderr.write(chunk),
      signal: abort.signal,
    });
    if (result.timedOut)
      console.error(`hale: timed out after ${policy.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms; killed`);
    return exitStatus(result.exitCode, result.signal);
  } catch (err) {
    if (
      err instanceof SandboxError &&
      err.code !== 'SANDBOX_UNAVAILABLE' &&
      err.code !== 'SANDBOX_SPAWN_FAILED'
    ) {
      throw new UsageError(`${err.code}: ${err.message}`);
    }
    throw err;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
  }
}

export async function runnerCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'sandbox') return sandboxCommand(rest);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(runnerHelp);
    return 0;
  }
  throw new UsageError(runnerHelp);
}
