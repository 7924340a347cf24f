import { checkFlags, parseArgs } from '../args';
import {
  consistencyCommand,
  exportCommand,
  proveCommand,
  timelineCommand,
  verifyBundleCommand,
  verifyCommand,
} from '../evidence/read';
import { annotateCommand, checkpointCommand, recordCommand } from '../evidence/write';
import { UsageError } from '../usage-error';

export const evidenceHelp = `hale evidence record --type T --actor A --payload FILE.json [--incident I] [--host H] [--service S]
hale evidence annotate SEQ --kind note|correction|EXPLANATION_NL|CAUSAL_CHAIN|COUNTERFACTUALS --text TEXT [--actor A]
hale evidence verify [--from N] [--to M] [--anchor FILE]
hale evidence checkpoint
hale evidence prove SEQ [--checkpoint SEQ]
hale evidence consistency OLD_CHECKPOINT_SEQ [NEW_CHECKPOINT_SEQ]
hale evidence timeline INCIDENT [--json]
hale evidence export --incident INCIDENT > bundle.jsonl
hale evidence verify-bundle bundle.jsonl [--root-key KEY_ID]
  Reads and writes the ledger directly (DATABASE_URL or the embedded database), so it works while
  Hale is down. verify exits 1 naming the first bad seq and the reason.`;

const SUBCOMMANDS: Record<
  string,
  { run: (args: ReturnType<typeof parseArgs>) => Promise<number>; flags: string[] }
> = {
  record: { run: recordCommand, flags: ['type', 'actor', 'payload', 'incident', 'host', 'service'] },
  annotate: { run: annotateCommand, flags: ['kind', 'text', 'actor'] },
  verify: { run: verifyCommand, flags: ['from', 'to', 'anchor'] },
  checkpoint: { run: checkpointCommand, flags: [] },
  prove: { run: proveCommand, flags: ['checkpoint'] },
  consistency: { run: consistencyCommand, flags: [] },
  timeline: { run: timelineCommand, flags: ['json'] },
  export: { run: exportCommand, flags: ['incident'] },
  'verify-bundle': { run: verifyBundleCommand, flags: ['root-key'] },
};

export async function evidenceCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['json']);
  const sub = SUBCOMMANDS[args.positional[0] ?? ''];
  if (!sub) throw new UsageError(evidenceHelp);
  checkFlags(args, ['config', ...sub.flags]);
  return sub.run(args);
}
