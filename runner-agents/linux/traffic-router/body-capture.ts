import { createHash, type Hash } from 'node:crypto';

/** A body as kept for a shadow compare: bytes only up to the cap, length and digest always. */
export interface CapturedBody {
  /** The whole body, or undefined when it was longer than the cap. */
  bytes: Buffer | undefined;
  length: number;
  sha256: string;
}

/**
 * Collects a streamed body with bounded memory: chunks are kept until the cap is passed, then dropped;
 * the length and SHA-256 cover every byte.
 */
export class BodyCapture {
  private chunks: Buffer[] | undefined = [];
  private length = 0;
  private readonly hash: Hash = createHash('sha256');

  constructor(private readonly capBytes: number) {}

  add(chunk: Buffer): void {
    this.length += chunk.length;
    this.hash.update(chunk);
    if (this.chunks === undefined) return;
    if (this.length > this.capBytes) this.chunks = undefined;
    else this.chunks.push(chunk);
  }

  /** False once more than the cap has been seen. */
  get withinCap(): boolean {
    return this.chunks !== undefined;
  }

  finish(): CapturedBody {
    return {
      bytes: this.chunks === undefined ? undefined : Buffer.concat(this.chunks),
      length: this.length,
      sha256: this.hash.digest('hex'),
    };
  }
}
