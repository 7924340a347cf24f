import { entryHash, type LedgerEntry } from './entry';
import { KeyRegistry } from './key-registry';
import { verifyInclusion } from './merkle';
import type { BundleLine } from './bundle';
import { BUNDLE_FORMAT } from './bundle';
import { exportCheckpoint } from './proofs';
import { verifyCheckpointSignature } from './standalone-verify';

export interface BundleVerdict {
  ok: boolean;
  entries: number;
  keys: number;
  checkpoint?: { seq: number; tree_size: number; root_hash: string; key_id: string };
  rootKeyId?: string;
  failure?: { line: number; seq?: number; reason: string };
}

/** Verifies an exported bundle offline: hashes, inclusion proofs, key registrations, checkpoint signature. */
export function verifyBundle(lines: BundleLine[], opts: { pinnedRootKeyId?: string } = {}): BundleVerdict {
  const fail = (line: number, reason: string, seq?: number): BundleVerdict => ({
    ok: false,
    entries: 0,
    keys: 0,
    failure: { line, seq, reason },
  });
  const header = lines[0];
  if (header?.kind !== 'header' || header.format !== BUNDLE_FORMAT)
    return fail(1, `not a ${BUNDLE_FORMAT} file`);
  const cpLine = lines[1];
  if (cpLine?.kind !== 'checkpoint') return fail(2, 'the second line must be the checkpoint');
  const cp = exportCheckpoint(cpLine.entry);
  if (entryHash(cpLine.entry) !== cpLine.entry.hash) return fail(2, 'checkpoint entry hash mismatch', cp.seq);
  const keys = new KeyRegistry();
  let rootKeyId: string | undefined;
  let entries = 0;
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i] as BundleLine;
    if (line.kind !== 'key' && line.kind !== 'entry') return fail(i + 1, `unexpected line kind ${line.kind}`);
    const entry: LedgerEntry = line.entry;
    if (
      entryHash(entry) !== entry.hash ||
      line.proof.entry_hash !== entry.hash ||
      line.proof.index !== entry.seq - 1
    ) {
      return fail(i + 1, 'hash mismatch', entry.seq);
    }
    const included = verifyInclusion({
      entryHash: Buffer.from(entry.hash, 'hex'),
      index: entry.seq - 1,
      treeSize: cp.tree_size,
      proof: line.proof.path.map((h) => Buffer.from(h, 'hex')),
      rootHash: Buffer.from(cp.root_hash, 'hex'),
    });
    if (!included) return fail(i + 1, 'inclusion proof does not lead to the checkpoint root', entry.seq);
    if (line.kind === 'key') {
      const check = keys.register(entry);
      if (!check.ok) return fail(i + 1, `${check.reason}: ${check.detail}`, entry.seq);
      rootKeyId ??= (entry.payload as { key_id: string }).key_id;
    } else entries += 1;
  }
  if (opts.pinnedRootKeyId && rootKeyId !== opts.pinnedRootKeyId)
    return fail(3, `root key ${rootKeyId} is not the pinned ${opts.pinnedRootKeyId}`);
  const signer = keys.validKey(cp.key_id, cpLine.entry.at, cp.seq);
  if (!signer)
    return fail(2, `checkpoint key ${cp.key_id} is not registered in the bundle or not valid`, cp.seq);
  if (!verifyCheckpointSignature(cp, signer.publicKey)) return fail(2, 'bad checkpoint signature', cp.seq);
  return {
    ok: true,
    entries,
    keys: keys.size,
    checkpoint: { seq: cp.seq, tree_size: cp.tree_size, root_hash: cp.root_hash, key_id: cp.key_id },
    rootKeyId,
  };
}
