import http from 'node:http';

interface Entry {
  agent: http.Agent;
  inFlight: number;
  retired: boolean;
}

export interface Lease {
  agent: http.Agent;
  host: string;
  port: number;
  release(): void;
}

/**
 * One keep-alive agent per upstream origin. An origin that is no longer routed to is retired: its
 * agent is destroyed once its last in-flight request ends, never under a running one (a switch lets
 * in-flight requests finish where they started).
 */
export class UpstreamPool {
  private readonly entries = new Map<string, Entry>();
  private routed = new Set<string>();

  /** The origins now routed to (blue, green); every other one is retired. */
  sync(origins: Iterable<string>): void {
    this.routed = new Set(origins);
    for (const [origin, entry] of this.entries) {
      entry.retired = !this.routed.has(origin);
      this.collect(origin, entry);
    }
  }

  acquire(origin: string): Lease {
    let entry = this.entries.get(origin);
    if (!entry) {
      // free sockets are closed after 4 s, before Node's default 5 s server keep-alive timeout
      entry = { agent: new http.Agent({ keepAlive: true, timeout: 4000 }), inFlight: 0, retired: false };
      this.entries.set(origin, entry);
    }
    entry.retired = !this.routed.has(origin);
    entry.inFlight += 1;
    const url = new URL(origin);
    let released = false;
    const held = entry;
    return {
      agent: entry.agent,
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port),
      release: () => {
        if (released) return;
        released = true;
        held.inFlight -= 1;
        this.collect(origin, held);
      },
    };
  }

  private collect(origin: string, entry: Entry): void {
    if (!entry.retired || entry.inFlight > 0) return;
    entry.agent.destroy();
    if (this.entries.get(origin) === entry) this.entries.delete(origin);
  }

  /** Requests in flight per origin (for /state). */
  inFlight(): Record<string, number> {
    return Object.fromEntries([...this.entries].map(([origin, e]) => [origin, e.inFlight]));
  }

  destroy(): void {
    for (const entry of this.entries.values()) entry.agent.destroy();
    this.entries.clear();
  }
}
