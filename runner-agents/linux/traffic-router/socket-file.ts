import fs from 'node:fs';
import net from 'node:net';
import { RouterError } from './errors';

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = net.connect(socketPath);
    conn.once('connect', () => {
      conn.destroy();
      resolve(true);
    });
    conn.once('error', () => resolve(false));
  });
}

/**
 * Makes room for the control socket: a socket file left by a router that died (SIGKILL leaves it) is
 * removed; one a live router still answers on refuses the start; a non-socket file is never removed.
 */
export async function claimSocketPath(socketPath: string): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(socketPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (!stat.isSocket()) {
    throw new RouterError('ROUTER_LISTEN_FAILED', `${socketPath} exists and is not a socket`, {
      details: { field: 'socketPath' },
    });
  }
  if (await answers(socketPath)) {
    throw new RouterError('ROUTER_LISTEN_FAILED', `a live router already answers on ${socketPath}`, {
      details: { field: 'socketPath' },
    });
  }
  fs.rmSync(socketPath, { force: true });
}
