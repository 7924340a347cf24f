import fs from 'node:fs';
import {
  ANNOTATION_KINDS,
  annotate,
  appendEntry,
  ensureSigner,
  formatAnchor,
  exportCheckpoint,
  writeCheckpoint,
  type AnnotationKind,
} from '../../lib/ledger';
import { stringFlag, type ParsedArgs } from '../args';
import { UsageError } from '../usage-error';
import { withLedgerDb } from './open';

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--payload ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--payload ${file}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** hale evidence record --type T --actor A --payload FILE [--incident I] [--host H] [--service S] */
export async function recordCommand(args: ParsedArgs): Promise<number> {
  const type = stringFlag(args, 'type');
  const actor = stringFlag(args, 'actor');
  const payloadFile = stringFlag(args, 'payload');
  if (!type || !actor || !payloadFile)
    throw new UsageError('hale evidence record needs --type, --actor and --payload FILE.json');
  const payload = readJsonFile(payloadFile);
  const subject = {
    incident_id: stringFlag(args, 'incident'),
    host: stringFlag(args, 'host'),
    service: stringFlag(args, 'service'),
  };
  const entry = await withLedgerDb(args, (db) => appendEntry(db, { type, actor, subject, payload }));
  console.log(`recorded seq ${entry.seq} ${entry.hash}`);
  return 0;
}

/** hale evidence annotate SEQ --kind K --text T [--actor A] */
export async function annotateCommand(args: ParsedArgs): Promise<number> {
  const seq = Number(args.positional[1]);
  const kind = stringFlag(args, 'kind') ?? 'note';
  const text = stringFlag(args, 'text');
  if (!Number.isInteger(seq) || seq < 1)
    throw new UsageError('hale evidence annotate needs the target seq (a positive integer)');
  if (!ANNOTATION_KINDS.includes(kind as AnnotationKind))
    throw new UsageError(`--kind must be one of ${ANNOTATION_KINDS.join(', ')}`);
  if (!text) throw new UsageError('--text is required');
  const actor = stringFlag(args, 'actor') ?? process.env.USER ?? 'operator';
  const entry = await withLedgerDb(args, (db) =>
    annotate(db, { targetSeq: seq, kind: kind as AnnotationKind, actor, text }),
  );
  console.log(`annotated seq ${seq}: annotation seq ${entry.seq}`);
  return 0;
}

/** hale evidence checkpoint: writes a signed tree head now and prints it for anchoring. */
export async function checkpointCommand(args: ParsedArgs): Promise<number> {
  const entry = await withLedgerDb(args, async (db, dataDir) =>
    writeCheckpoint(db, await ensureSigner(db, dataDir)),
  );
  console.log(formatAnchor(exportCheckpoint(entry)));
  return 0;
}
