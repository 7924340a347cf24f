import { GENESIS_HASH, entryHash, type LedgerEntry } from './entry';
import { KeyRegistry } from './key-registry';
import { MerkleFrontier } from './merkle';
import { checkpointStatement, custodyStatement } from './statements';

export type VerifyReason =
  | 'hash mismatch'
  | 'broken link'
  | 'gap'
  | 'bad signature'
  | 'unknown or expired key'
  | 'checkpoint mismatch'
  | 'malformed';

export interface VerifyFailure {
  seq: number;
  reason: VerifyReason;
  detail: string;
}

/**
 * Checks entries one by one, in seq order, from seq 1 (entries before the range to report on are
 * fed with `trusted = true`: linked and indexed, not re-hashed). Stops at the first failure.
 */
export class ChainVerifier {
  readonly keys = new KeyRegistry();
  readonly frontier = new MerkleFrontier();
  private expected = 1;
  private prev = GENESIS_HASH;
  private prevEntry: LedgerEntry | undefined;
  checkpoints = 0;
  failure: VerifyFailure | undefined;

  get headHash(): string | null {
    return this.expected === 1 ? null : this.prev;
  }

  get count(): number {
    return this.expected - 1;
  }

  /** Returns false once a failure is found (see `failure`). */
  add(entry: LedgerEntry, trusted = false): boolean {
    if (this.failure) return false;
    const fail = (seq: number, reason: VerifyReason, detail: string): boolean => {
      this.failure = { seq, reason, detail };
      return false;
    };
    if (entry.seq !== this.expected) {
      return fail(this.expected, 'gap', `expected seq ${this.expected}, found ${entry.seq}`);
    }
    if (!trusted) {
      const computed = entryHash(entry);
      if (computed !== entry.hash)
        return fail(entry.seq, 'hash mismatch', `stored ${entry.hash}, content hashes to ${computed}`);
    }
    if (entry.prev_hash !== this.prev) {
      // The entry is intact but commits to another predecessor: the predecessor was rewritten
      // (its content and hash recomputed) — name it.
      const culprit = this.prevEntry?.seq ?? entry.seq;
      return fail(
        culprit,
        'broken link',
        `seq ${entry.seq} commits to prev_hash ${entry.prev_hash}, but seq ${culprit} hashes to ${this.prev}`,
      );
    }
    const typed = this.checkTyped(entry);
    if (typed) return fail(entry.seq, typed.reason, typed.detail);
    this.frontier.append(Buffer.from(entry.hash, 'hex'));
    this.prev = entry.hash;
    this.prevEntry = entry;
    this.expected += 1;
    return true;
  }

  private checkTyped(entry: LedgerEntry): Omit<VerifyFailure, 'seq'> | undefined {
    const p = (entry.payload ?? {}) as Record<string, unknown>;
    if (entry.type === 'key.registered') {
      const check = this.keys.register(entry);
      return check.ok ? undefined : check;
    }
    if (entry.type === 'custody') {
      const statement = custodyStatement({
        object_kind: String(p.object_kind),
        object_ref: String(p.object_ref),
        content_hash: String(p.content_hash),
        actor: entry.actor,
      });
      const check = this.keys.checkSignature(p.key_id, statement, p.signature, entry.seq, entry.at);
      return check.ok ? undefined : check;
    }
    if (entry.type === 'checkpoint') {
      this.checkpoints += 1;
      const size = Number(p.tree_size);
      if (size !== entry.seq - 1)
        return {
          reason: 'checkpoint mismatch',
          detail: `tree_size ${String(p.tree_size)} is not ${entry.seq - 1}`,
        };
      const root = this.frontier.root().toString('hex');
      if (p.root_hash !== root)
        return {
          reason: 'checkpoint mismatch',
          detail: `root ${String(p.root_hash)} is not the tree's root ${root}`,
        };
      const statement = checkpointStatement({
        tree_size: size,
        root_hash: root,
        issued_at: String(p.issued_at),
      });
      const check = this.keys.checkSignature(p.key_id, statement, p.signature, entry.seq, entry.at);
      return check.ok ? undefined : check;
    }
    if (entry.type === 'annotation') {
      const target = Number(p.target_seq);
      if (!Number.isInteger(target) || target < 1 || target >= entry.seq) {
        return { reason: 'malformed', detail: `annotation targets seq ${String(p.target_seq)}` };
      }
    }
    return undefined;
  }
}
