import fs from 'node:fs';
import {
  exportCheckpoint,
  exportIncidentBundle,
  formatAnchor,
  formatTimeline,
  incidentTimeline,
  latestCheckpoint,
  parseAnchor,
  proveConsistency,
  proveInclusion,
  verifyBundle,
  verifyLedger,
  type BundleLine,
} from '../../lib/ledger';
import { stringFlag, type ParsedArgs } from '../args';
import { UsageError } from '../usage-error';
import { withLedgerDb } from './open';

function intFlag(args: ParsedArgs, name: string): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer`);
  return n;
}

/** hale evidence verify [--from N] [--to M] [--anchor FILE]: exit 0 valid, 1 naming the first bad seq. */
export async function verifyCommand(args: ParsedArgs): Promise<number> {
  const anchorFile = stringFlag(args, 'anchor');
  const started = Date.now();
  let lastPrint = 0;
  const result = await withLedgerDb(args, async (db) => {
    const r = await verifyLedger(db, {
      from: intFlag(args, 'from'),
      to: intFlag(args, 'to'),
      onProgress: (done, total) => {
        if (total < 50000 || Date.now() - lastPrint < 1000) return;
        lastPrint = Date.now();
        process.stderr.write(`verify: ${done}/${total} entries (${Math.round((100 * done) / total)} %)\n`);
      },
    });
    if (r.ok && anchorFile) {
      // An anchored checkpoint (kept outside Hale) must still be in the ledger, unchanged.
      const anchor = parseAnchor(fs.readFileSync(anchorFile, 'utf8'));
      const stored = await latestCheckpoint(db, anchor.seq);
      const same =
        stored &&
        stored.seq === anchor.seq &&
        JSON.stringify(exportCheckpoint(stored)) === JSON.stringify(anchor);
      if (!same)
        return {
          ...r,
          ok: false,
          failure: {
            seq: anchor.seq,
            reason: 'checkpoint mismatch' as const,
            detail: 'the anchored checkpoint is not in the ledger as anchored (truncated or rewritten)',
          },
        };
    }
    return r;
  });
  const secs = ((Date.now() - started) / 1000).toFixed(2);
  if (result.ok) {
    console.log(
      `ok: ${result.count} entries verified (seq ${result.from}..${result.to}), ${result.checkpoints} checkpoints, ${result.keys} keys, head ${result.headHash ?? '(empty)'} in ${secs} s`,
    );
    return 0;
  }
  const f = result.failure;
  console.log(`FAILED at seq ${f?.seq}: ${f?.reason} — ${f?.detail}`);
  return 1;
}

/** hale evidence prove SEQ [--checkpoint C] | hale evidence consistency OLD [NEW] */
export async function proveCommand(args: ParsedArgs): Promise<number> {
  const seq = Number(args.positional[1]);
  if (!Number.isInteger(seq) || seq < 1) throw new UsageError('hale evidence prove needs a seq');
  const doc = await withLedgerDb(args, (db) => proveInclusion(db, seq, intFlag(args, 'checkpoint')));
  console.log(JSON.stringify(doc, null, 2));
  return 0;
}

export async function consistencyCommand(args: ParsedArgs): Promise<number> {
  const [, oldRaw, newRaw] = args.positional;
  const oldSeq = Number(oldRaw);
  if (!Number.isInteger(oldSeq) || oldSeq < 1)
    throw new UsageError('hale evidence consistency needs the older checkpoint seq');
  const doc = await withLedgerDb(args, (db) =>
    proveConsistency(db, oldSeq, newRaw === undefined ? undefined : Number(newRaw)),
  );
  console.log(JSON.stringify(doc, null, 2));
  return 0;
}

/** hale evidence timeline INCIDENT [--json] */
export async function timelineCommand(args: ParsedArgs): Promise<number> {
  const incident = args.positional[1];
  if (!incident) throw new UsageError('hale evidence timeline needs an incident id');
  const timeline = await withLedgerDb(args, (db) => incidentTimeline(db, incident));
  console.log(args.flags.json === true ? JSON.stringify(timeline, null, 2) : formatTimeline(timeline));
  return 0;
}

/** hale evidence export --incident X  (JSON lines on stdout) */
export async function exportCommand(args: ParsedArgs): Promise<number> {
  const incident = stringFlag(args, 'incident');
  if (!incident) throw new UsageError('hale evidence export needs --incident');
  const lines = await withLedgerDb(args, (db) => exportIncidentBundle(db, incident));
  for (const line of lines) process.stdout.write(`${JSON.stringify(line)}\n`);
  const cp = lines[1];
  if (cp?.kind === 'checkpoint') process.stderr.write(`${formatAnchor(exportCheckpoint(cp.entry))}\n`);
  return 0;
}

/** hale evidence verify-bundle FILE [--root-key KEYID]: offline, no database. */
export async function verifyBundleCommand(args: ParsedArgs): Promise<number> {
  const file = args.positional[1];
  if (!file) throw new UsageError('hale evidence verify-bundle needs a file');
  let lines: BundleLine[];
  try {
    lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as BundleLine);
  } catch (err) {
    throw new UsageError(
      `${file}: not a JSON-lines bundle (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const verdict = verifyBundle(lines, { pinnedRootKeyId: stringFlag(args, 'root-key') });
  if (!verdict.ok) {
    const f = verdict.failure;
    console.log(`FAILED at line ${f?.line}${f?.seq ? ` (seq ${f.seq})` : ''}: ${f?.reason}`);
    return 1;
  }
  console.log(
    `ok: ${verdict.entries} entries and ${verdict.keys} keys proven in checkpoint seq ${verdict.checkpoint?.seq} (tree_size ${verdict.checkpoint?.tree_size}, root ${verdict.checkpoint?.root_hash}), root key ${verdict.rootKeyId}`,
  );
  return 0;
}
