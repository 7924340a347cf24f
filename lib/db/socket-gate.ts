import net from 'node:net';

/**
 * A TCP front door that lets ONE client at a time through to an upstream unix socket and makes the
 * others wait in FIFO order (their connect succeeds; their startup message waits in the socket).
 *
 * Why: pglite-socket 0.2.17 rejects connections over `maxConnections` at once ("Too many
 * connections"), and with `maxConnections` > 1 it interleaves the extended-protocol messages of
 * different connections on PGlite's single session (Parse of one client, Bind of another).
 */
export interface SocketGate {
  readonly port: number;
  stats(): { active: boolean; waiting: number };
  close(): Promise<void>;
}

export interface SocketGateOptions {
  host: string;
  port: number;
  upstreamPath: string;
  /** True when the upstream has no connection left (the previous client has been detached). */
  upstreamIdle(): boolean;
}

interface Slot {
  client: net.Socket;
  upstream?: net.Socket;
}

const IDLE_POLL_MS = 2;
const IDLE_WAIT_MAX_MS = 10_000;

async function waitFor(cond: () => boolean, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, IDLE_POLL_MS));
}

export async function startSocketGate(opts: SocketGateOptions): Promise<SocketGate> {
  const waiting: net.Socket[] = [];
  let active: Slot | undefined;
  let closed = false;

  const release = (slot: Slot): void => {
    slot.client.destroy();
    slot.upstream?.destroy();
    if (active !== slot) return;
    active = undefined;
    setImmediate(pump);
  };

  const connectUpstream = (slot: Slot): void => {
    if (closed || slot.client.destroyed) return release(slot);
    const upstream = net.connect(opts.upstreamPath);
    slot.upstream = upstream;
    upstream.on('error', () => upstream.destroy()); // surfaces to the client as a closed connection
    slot.client.pipe(upstream);
    upstream.pipe(slot.client);
    slot.client.once('close', () => release(slot));
    upstream.once('close', () => release(slot));
  };

  function pump(): void {
    if (active || closed) return;
    let client = waiting.shift();
    while (client?.destroyed) client = waiting.shift();
    if (!client) return;
    const slot: Slot = { client };
    active = slot;
    waitFor(opts.upstreamIdle, IDLE_WAIT_MAX_MS).then(
      () => connectUpstream(slot),
      () => release(slot),
    );
  }

  const server = net.createServer((client) => {
    client.on('error', () => client.destroy()); // a waiting client that gave up (ECONNRESET)
    if (closed) return void client.destroy();
    waiting.push(client);
    client.once('close', () => {
      const i = waiting.indexOf(client);
      if (i >= 0) waiting.splice(i, 1);
    });
    pump();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;

  return {
    port,
    stats: () => ({ active: active !== undefined, waiting: waiting.length }),
    async close(): Promise<void> {
      closed = true;
      for (const s of waiting.splice(0)) s.destroy();
      if (active) release(active);
      // Resolves also when already closed (ERR_SERVER_NOT_RUNNING): close() is idempotent.
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
