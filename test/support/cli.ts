import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const HALE_BIN = path.join(REPO, 'dist', 'cli', 'main.js');

export interface Spawned {
  child: ChildProcess;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the built `hale` CLI with a clean environment plus `env`. */
export function spawnHale(args: string[], env: Record<string, string | undefined> = {}): Spawned {
  const base = { ...process.env };
  for (const key of Object.keys(base))
    if (key.startsWith('HALE_') || key === 'TEMPORAL_ADDRESS' || key === 'DATABASE_URL') delete base[key];
  const child = spawn(process.execPath, [HALE_BIN, ...args], {
    env: { ...base, HALE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => out,
    exited,
    waitForOutput(pattern, timeoutMs = 60000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = setInterval(() => {
          const match = out.match(pattern);
          if (match) {
            clearInterval(tick);
            resolve(match[0]);
          } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
            clearInterval(tick);
            reject(
              new Error(`hale ${args.join(' ')}: no ${pattern} in output (exit ${child.exitCode}):\n${out}`),
            );
          }
        }, 50);
      });
    },
  };
}
