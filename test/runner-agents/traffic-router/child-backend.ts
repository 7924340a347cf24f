import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../../lib/net';

export interface ChildBackend {
  url: string;
  port: number;
  proc: ChildProcess;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
}

/** Starts backend-child.js as a real process and waits until it listens. */
export async function startChildBackend(name: string, port?: number): Promise<ChildBackend> {
  const p = port ?? (await freePort());
  const proc = spawn(process.execPath, [path.join(__dirname, 'backend-child.js')], {
    env: { PATH: process.env.PATH ?? '', NAME: name, PORT: String(p) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.on('data', (c: Buffer) => {
      if (c.toString().includes('READY')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`${name} exited ${code} before listening`)));
  });
  const gone = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    url: `http://127.0.0.1:${p}`,
    port: p,
    proc,
    kill: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await gone;
    },
  };
}
