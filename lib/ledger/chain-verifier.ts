import { GENESIS_HASH, entryHash, flatHash, type LedgerEntry } from './entry';
import { KeyRegistry } from './key-registry';
import { MerkleFrontier } from './merkle';
import { rowToEntry, type LedgerRow } from './rows';
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

const HEX_HASH = /^[0-9a-f]{64}$/;
const TYPED = new Set(['key.registered', 'custody', 'checkpoint', 'annotation']);

/**
 * Checks entries one by one, in seq order, from seq 1 (entries before the range to report on are
 * fed with `trusted = true`: linked and indexed, not re-hashed). Stops at the first failure.
 */
export class ChainVerifier {
  readonly keys = new KeyRegistry();
  readonly frontier = new MerkleFrontier();
  private expected = 1;
  private prev = GENESIS_HASH;
  private prevSeq: number | undefined;
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
    return this.check(
      entry.seq,
      entry.prev_hash,
      entry.hash,
      trusted ? undefined : () => entryHash(entry),
      () => this.checkTyped(entry),
    );
  }

  /**
   * add() for a stored row. Rows of types without checkable structure are hashed from their
   * columns and stored payload text, never parsed into an entry (the fast path for `verify`).
   */
  addRow(row: LedgerRow, trusted = false): boolean {
    if (this.failure) return false;
    if (trusted || TYPED.has(row.type)) return this.add(rowToEntry(row), trusted);
    const seq = Number(row.seq);
    const compute = (): string =>
      flatHash({
        seq,
        at: row.at,
        type: row.type,
        actor: row.actor,
        host: row.host,
        incident_id: row.incident_id,
        service: row.service,
        workflow_id: row.workflow_id,
        payload_jcs: row.payload,
        idempotency_key: row.idempotency_key,
        prev_hash: row.prev_hash,
      });
    return this.check(seq, row.prev_hash, row.hash, compute, undefined);
  }

  /** Records the gap at the expected seq (the source ended before the range did). */
  missing(): void {
    if (!this.failure) this.fail(this.expected, 'gap', `expected seq ${this.expected}, found nothing`);
  }

  private fail(seq: number, reason: VerifyReason, detail: string): false {
    this.failure = { seq, reason, detail };
    return false;
  }

  private check(
    seq: number,
    prevHash: string,
    hash: string,
    compute: (() => string) | undefined,
    typed: (() => Omit<VerifyFailure, 'seq'> | undefined) | undefined,
  ): boolean {
    if (seq !== this.expected)
      return this.fail(this.expected, 'gap', `expected seq ${this.expected}, found ${seq}`);
    if (compute) {
      const computed = compute();
      if (computed !== hash)
        return this.fail(seq, 'hash mismatch', `stored ${hash}, content hashes to ${computed}`);
    } else if (!HEX_HASH.test(hash)) {
      return this.fail(
        seq,
        'malformed',
        `stored hash ${JSON.stringify(hash)} is not 64 lowercase hex digits`,
      );
    }
    if (prevHash !== this.prev) {
      // The entry is intact but commits to another predecessor: the predecessor was rewritten
      // (its content and hash recomputed) — name it.
      const culprit = this.prevSeq ?? seq;
      return this.fail(
        culprit,
        'broken link',
        `seq ${seq} commits to prev_hash ${prevHash}, but seq ${culprit} hashes to ${this.prev}`,
      );
    }
    const problem = typed?.();
    if (problem) return this.fail(seq, problem.reason, problem.detail);
    this.frontier.appendHex(hash);
    this.prev = hash;
    this.prevSeq = seq;
    this.expected += 1;
    return true;
  }

  private checkTyped(entry: LedgerEntry): Omit<VerifyFailure, 'seq'> | undefined {
    // Only these types carry checkable structure; other payloads are hashed as text, never parsed.
    if (!TYPED.has(entry.type)) return undefined;
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
